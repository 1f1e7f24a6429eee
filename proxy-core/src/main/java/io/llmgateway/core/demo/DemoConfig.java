package io.llmgateway.core.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The config {@code demo} runs: the README's model names ({@code gpt-4o}, ...) on the built-in
 * echo provider, listening on {@code 127.0.0.1:8080} unless {@value #LISTEN_VARIABLE} says
 * otherwise. Shipped in the jar as {@code demo.yaml} beside this class.
 */
public final class DemoConfig {

    /** The variable behind the demo's {@code server.listen} ({@code demo --listen} sets it). */
    public static final String LISTEN_VARIABLE = "LLM_GATEWAY_DEMO_LISTEN";

    private DemoConfig() {
    }

    /** The YAML text, as {@code demo --print-config} prints it. */
    public static String yaml() {
        try (InputStream in = DemoConfig.class.getResourceAsStream("demo.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo.yaml from the jar", e);
        }
    }
}
