package io.llmgateway.core.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The variables a config's {@code ${VAR}} expand to, with the built-in echo provider behind
 * {@value #URL_VARIABLE}: the first time a config asks for that variable (and the process
 * environment does not set it), the {@link EchoProvider} starts and the variable becomes its base
 * URL. A config that never mentions it starts nothing. Reloads ask again and get the same URL.
 *
 * <pre>
 *   providers:
 *     - id: echo
 *       type: openai-compatible
 *       base_url: "${LLM_GATEWAY_ECHO_URL}"
 *       keys: [{id: echo-key, secret: "demo"}]
 * </pre>
 *
 * <p>Thread-safe: the config is loaded on the main thread, reloaded on the signal thread.
 */
public final class EchoEnvironment implements Function<String, String>, AutoCloseable {

    /** The variable that names the echo provider's base URL. */
    public static final String URL_VARIABLE = "LLM_GATEWAY_ECHO_URL";

    /** What {@link #placeholder} answers for {@value #URL_VARIABLE}: a URL that validates, with nothing behind it. */
    static final String PLACEHOLDER_URL = "http://127.0.0.1/echo-provider-not-started/v1";

    private final Function<String, String> environment;
    private final Map<String, String> overrides;
    private final boolean startsEcho;
    private EchoProvider echo; // guarded by this

    private EchoEnvironment(Function<String, String> environment, Map<String, String> overrides, boolean startsEcho) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.overrides = Map.copyOf(overrides);
        this.startsEcho = startsEcho;
    }

    /**
     * {@code overrides}, then {@code environment}; {@value #URL_VARIABLE} starts the echo provider.
     */
    public static EchoEnvironment starting(Function<String, String> environment, Map<String, String> overrides) {
        return new EchoEnvironment(environment, overrides, true);
    }

    /** For checking a config without running it: {@value #URL_VARIABLE} is a placeholder URL. */
    public static EchoEnvironment placeholder(Function<String, String> environment) {
        return new EchoEnvironment(environment, Map.of(), false);
    }

    /**
     * @throws UncheckedIOException when the echo provider is asked for and cannot start
     */
    @Override
    public synchronized String apply(String name) {
        String value = overrides.get(name);
        if (value != null) {
            return value;
        }
        value = environment.apply(name);
        if (!URL_VARIABLE.equals(name) || value != null && !value.isBlank()) {
            return value;
        }
        if (!startsEcho) {
            return PLACEHOLDER_URL;
        }
        if (echo == null) {
            try {
                echo = EchoProvider.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return echo.baseUrl();
    }

    /** The echo provider's base URL, or null when no config has asked for it. */
    public synchronized String echoUrl() {
        return echo == null ? null : echo.baseUrl();
    }

    /** Stops the echo provider, if it started. */
    @Override
    public synchronized void close() {
        if (echo != null) {
            echo.close();
            echo = null;
        }
    }
}
