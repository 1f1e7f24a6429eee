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
        return find("redis-server", "redis-server", searchPath());
    }

    static String cli() {
        return find("redis-cli", "redis-tools", searchPath());
    }

    /** The PATH, then where Debian puts the Redis executables. */
    static String searchPath() {
        return System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/usr/bin";
    }

    static String find(String name, String debianPackage, String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not on the PATH (searched " + searchPath + "); the Redis tests "
                + "need it: run them through scripts/test, which installs it (Debian package " + debianPackage
                + "), or install it");
    }
}
