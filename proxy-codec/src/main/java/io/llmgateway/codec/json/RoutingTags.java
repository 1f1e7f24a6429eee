package io.llmgateway.codec.json;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags of {@code metadata.tags} as {@link RequestFieldScanner} reads them, for tag-based
 * routing: trimmed, blanks dropped, at most {@value #MAX_TAGS} (routing needs a few; a body must
 * not make us hoard them). Not thread-safe.
 */
final class RoutingTags {

    static final int MAX_TAGS = 32;
    /** Longest tag, or comma-separated list of tags, decoded: OpenAI's own limit for a metadata value. */
    static final int MAX_CHARS = 512;

    private final List<String> tags = new ArrayList<>(4);

    /** Whether a further tag would be ignored, so that there is no need to decode it. */
    boolean full() {
        return tags.size() >= MAX_TAGS;
    }

    /** One element of a tags array. */
    void add(String tag) {
        if (!tag.isBlank() && !full()) {
            tags.add(tag.trim());
        }
    }

    /** A tags string: a comma-separated list, the form OpenAI accepts since its metadata values are strings. */
    void addAll(String commaSeparated) {
        for (String tag : commaSeparated.split(",")) {
            add(tag);
        }
    }

    List<String> list() {
        return tags;
    }
}
