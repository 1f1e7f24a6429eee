package io.llmgateway.core.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One of the store's Lua scripts ({@code <method>.lua} beside this class, named after the
 * {@link io.llmgateway.core.state.RuntimeStore} method it implements) and its SHA-1, the name
 * {@code EVALSHA} runs it by. {@link RedisClient#run} sends {@code EVALSHA} and falls back to
 * {@code EVAL} (which also caches the script on that node) when Redis answers {@code NOSCRIPT}:
 * after a restart, a failover, or on a cluster node that has not run it yet.
 */
final class LuaScript {

    private final String name;
    private final String text;
    private final String sha1;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha1 = sha1Hex(text);
    }

    static LuaScript load(String name) {
        String resource = name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("script " + resource + " is not on the class path beside "
                        + LuaScript.class.getName());
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    String sha1() {
        return sha1;
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK (every JDK must have it)", e);
        }
    }
}
