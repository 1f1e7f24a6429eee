package io.llmgateway.core.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code redis-server} and {@code redis-cli}. The tests never skip for want of Redis:
 * {@code scripts/test} installs it, and a run without it fails saying so.
 */
final class RedisExecutables {

    private RedisExecutables() {
    }

    static void requireInstalled() {
        server();
        cli();
    }

    static String server() {
        return find("redis-server", "redis-server");
    }

    static String cli() {
        return find("redis-cli", "redis-tools");
    }

    private static String find(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin")
                .split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not on the PATH (" + path + "); the Redis tests need it: run them "
                + "through scripts/test, which installs it (Debian package " + debianPackage + "), or install it");
    }
}
