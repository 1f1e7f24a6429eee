package io.llmgateway.bench.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's {@code deploy/} directory, found from the test's working directory, and YAML read from it. */
public final class DeployDir {

    private DeployDir() {
    }

    /** The repository's root: the first directory upwards that holds {@code deploy/} and {@code pom.xml}. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root with deploy/ above " + Path.of("").toAbsolutePath());
    }

    public static Path path(String relative) {
        return repoRoot().resolve("deploy").resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (a Kubernetes manifest may hold several). */
    static List<Object> yamlDocuments(Path file) throws IOException {
        List<Object> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
            docs.add(doc);
        }
        return docs;
    }

    /** The one YAML document of {@code relative} as a mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(String relative) {
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(read(relative));
    }

    /** Every file under {@code deploy/} whose name ends with one of {@code suffixes}. */
    static List<Path> files(String... suffixes) throws IOException {
        try (Stream<Path> walk = Files.walk(repoRoot().resolve("deploy"))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted().toList();
        }
    }

    /** The value at {@code path} (keys separated by dots) in nested maps, or null. */
    @SuppressWarnings("unchecked")
    static Object at(Object root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }
}
