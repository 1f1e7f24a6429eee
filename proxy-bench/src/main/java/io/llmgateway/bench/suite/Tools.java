package io.llmgateway.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the external programs the suite drives: {@code taskset}, {@code nginx}, {@code wrk}, the JDK's tools. */
final class Tools {

    private Tools() {
    }

    /**
     * The executable {@code name} on {@code PATH} or in the sbin directories (where Debian puts
     * nginx, often off an ordinary user's {@code PATH}), or {@code null}.
     */
    static String find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String dir : dirs) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** A tool of the running JDK ({@code java}, {@code jcmd}, {@code jstat}), or {@code null} on a bare JRE. */
    static String jdkTool(String name) {
        Path p = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(p) ? p.toString() : find(name);
    }
}
