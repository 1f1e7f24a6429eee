package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.ConfigStoreConfig;

/** A configuration built into the program (the demo's): read again on a reload, never written. */
public final class TextConfigStore implements ConfigStore {

    private final String name;
    private final String text;

    /** @param name what the text is called in messages, e.g. {@code "the demo config"} */
    public TextConfigStore(String name, String text) {
        this.name = requireNonNull(name, "name");
        this.text = requireNonNull(text, "text");
    }

    @Override
    public String location() {
        return name;
    }

    @Override
    public ConfigStoreConfig settings() {
        return ConfigStoreConfig.DEFAULT;
    }

    @Override
    public String read(boolean ifChanged) {
        return text;
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public void write(String yaml) {
        throw new UnsupportedOperationException(name + " is built in and cannot be replaced");
    }
}
