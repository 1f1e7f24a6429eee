package io.llmgateway.core.config;

import java.util.List;

/**
 * A configuration that cannot be used. Carries every problem found, each naming its YAML path
 * (and, when known, the line), so that one run of {@code validate} shows them all.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(format(source, problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, String problem) {
        this(source, List.of(problem));
    }

    /** Each problem, e.g. {@code providers[0].keys[1].limit_req_per_min (line 23): must be > 0, got -5}. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
