package io.llmgateway.core.config;

import io.llmgateway.core.config.ConfigKey.BoolKey;
import io.llmgateway.core.config.ConfigKey.ChoiceKey;
import io.llmgateway.core.config.ConfigKey.DoubleKey;
import io.llmgateway.core.config.ConfigKey.IntKey;
import io.llmgateway.core.config.ConfigKey.LongKey;
import io.llmgateway.core.config.ConfigKey.StringKey;
import io.llmgateway.core.config.ConfigKey.StringListKey;
import io.llmgateway.core.config.ConfigKey.StringMapKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One mapping of the configuration file and the keys it declares: {@code server}, each entry of
 * {@code providers[]}, each alias of {@code model_aliases}. Keys and sub-sections are created
 * through its factory methods, which register them, so that the list of allowed keys is the list
 * of declared ones and nothing else.
 *
 * <p>Filled while {@link ConfigKeys} initialises (one thread, under the class-initialisation lock,
 * which also publishes it); read-only afterwards.
 */
public final class ConfigSection {

    /** How the section's mappings sit under its parent. */
    public enum Shape {
        /** {@code name: {...}}: one mapping. */
        MAPPING,
        /** {@code name: [{...}, ...]}: a list of mappings. */
        LIST,
        /** {@code name: {anything: {...}, ...}}: mappings under names the user chooses. */
        NAMED
    }

    private final ConfigSection parent;
    private final String name;
    private final Shape shape;
    private final String otherKeys;
    private final List<ConfigKey<?>> keys = new ArrayList<>();
    private final List<ConfigSection> sections = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private ConfigSection(ConfigSection parent, String name, Shape shape, String otherKeys) {
        this.parent = parent;
        this.name = name;
        this.shape = shape;
        this.otherKeys = otherKeys;
        if (parent != null) {
            parent.declare(name);
            parent.sections.add(this);
        }
    }

    /** The top level of the file. */
    static ConfigSection root() {
        return new ConfigSection(null, "", Shape.MAPPING, null);
    }

    /** The YAML name; empty for the top level. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The enclosing section, or null for the top level. */
    public ConfigSection parent() {
        return parent;
    }

    /** What keys besides the declared ones mean (e.g. model names), or null when none are allowed. */
    public String otherKeys() {
        return otherKeys;
    }

    public List<ConfigKey<?>> keys() {
        return Collections.unmodifiableList(keys);
    }

    public List<ConfigSection> sections() {
        return Collections.unmodifiableList(sections);
    }

    /** Where the section sits, e.g. {@code upstream.pool}, {@code providers[].keys[]}, {@code model_aliases.*}. */
    public String path() {
        String own = switch (shape) {
            case MAPPING -> name;
            case LIST -> name + "[]";
            case NAMED -> name + ".*";
        };
        return parent == null ? own : parent.prefix() + own;
    }

    /** The path of the section's keys without their name: empty for the top level, else {@code path() + "."}. */
    String prefix() {
        return parent == null ? "" : path() + '.';
    }

    /** The node holding this section under {@code parent}, its parent's node. */
    ConfigNode node(ConfigNode parent) {
        return parent.get(name);
    }

    /** This section's node under {@code parent}, {@link #check checked}; absent when the file does not set it. */
    ConfigNode open(ConfigNode parent) {
        ConfigNode n = node(parent);
        check(n);
        return n;
    }

    /**
     * Checks that {@code n}, one mapping of this section, is a mapping and sets only declared keys;
     * records a problem for anything else (a typo must not pass silently).
     *
     * @return whether {@code n} is a mapping
     */
    boolean check(ConfigNode n) {
        if (!n.expectMapping()) {
            return false;
        }
        if (otherKeys == null) {
            n.allowOnly(names());
        }
        return true;
    }

    /** The declared names, keys and sub-sections, in declaration order. */
    List<String> names() {
        return Collections.unmodifiableList(names);
    }

    void add(ConfigKey<?> key) {
        declare(key.name());
        keys.add(key);
    }

    private void declare(String name) {
        if (names.contains(name)) {
            throw new IllegalStateException("declared twice: " + prefix() + name);
        }
        names.add(name);
    }

    ConfigSection mapping(String name) {
        return new ConfigSection(this, name, Shape.MAPPING, null);
    }

    /** A mapping that also takes keys of the user's choosing, read by its section reader. */
    ConfigSection openMapping(String name, String otherKeys) {
        return new ConfigSection(this, name, Shape.MAPPING, otherKeys);
    }

    ConfigSection listOf(String name) {
        return new ConfigSection(this, name, Shape.LIST, null);
    }

    ConfigSection named(String name) {
        return new ConfigSection(this, name, Shape.NAMED, null);
    }

    IntKey integer(String name, int def, int min, int max) {
        return new IntKey(this, name, def, min, max);
    }

    LongKey longInteger(String name, long def, long min, long max) {
        return new LongKey(this, name, def, min, max);
    }

    DoubleKey number(String name, double def, double min, double max) {
        return new DoubleKey(this, name, def, min, max);
    }

    /** A number without a constant default; {@code whenAbsent} says what applies instead (README's default column). */
    DoubleKey numberWithout(String name, String whenAbsent, double min, double max) {
        return new DoubleKey(this, name, null, whenAbsent, min, max);
    }

    BoolKey bool(String name, boolean def) {
        return new BoolKey(this, name, def);
    }

    StringKey string(String name, String def) {
        return new StringKey(this, name, def, null);
    }

    /** A string without a constant default; {@code whenAbsent} says what applies instead (README's default column). */
    StringKey stringWithout(String name, String whenAbsent) {
        return new StringKey(this, name, null, whenAbsent);
    }

    ChoiceKey choice(String name, String def, String... allowed) {
        return new ChoiceKey(this, name, def, null, allowed);
    }

    /** A choice without a constant default; {@code whenAbsent} says what applies instead. */
    ChoiceKey choiceWithout(String name, String whenAbsent, String... allowed) {
        return new ChoiceKey(this, name, null, whenAbsent, allowed);
    }

    StringListKey stringList(String name) {
        return new StringListKey(this, name);
    }

    StringMapKey stringMap(String name) {
        return new StringMapKey(this, name);
    }
}
