package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher on a real directory, driving {@link ConfigControl} as {@link ReloadTriggers} does:
 * an in-place write, an editor's rename over the file, a Kubernetes ConfigMap's link swap.
 */
class ConfigFileWatcherTest {

    @TempDir
    Path dir;

    private ConfigControl control(Path file) throws Exception {
        ConfigStoreConfig watch = new ConfigStoreConfig("file", "", "", "", 0, 1000, true, 50);
        return ConfigControl.open(new FileConfigStore(file, watch), Configs.loader(), Clock.systemUTC());
    }

    private static ConfigFileWatcher watch(Path file, ConfigControl control) throws Exception {
        return ConfigFileWatcher.start(file, 50, () -> {
            try {
                control.reloadIfChanged("file changed");
            } catch (Exception e) {
                // rejected: the running config stays
            }
        });
    }

    @Test
    void aWriteIntoTheFileReloadsIt() throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, Configs.valid("k1"));
        ConfigControl control = control(f);
        try (ConfigFileWatcher w = watch(f, control)) {
            Files.writeString(f, Configs.valid("k1", "k2"));

            Configs.await("the new file to be running", () -> control.running().version() == 2);
            assertThat(control.running().config().provider("p").keys()).hasSize(2);
        }
    }

    @Test
    void anEditorsRenameOverTheFileReloadsIt() throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, Configs.valid("k1"));
        ConfigControl control = control(f);
        try (ConfigFileWatcher w = watch(f, control)) {
            Path swap = dir.resolve(".gateway.yaml.swp");
            Files.writeString(swap, Configs.valid("k1", "k2"));
            Files.move(swap, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            Configs.await("the renamed file to be running", () -> control.running().version() == 2);
            assertThat(control.running().text()).isEqualTo(Configs.valid("k1", "k2"));
        }
    }

    @Test
    void aConfigMapLinkSwapReloadsTheFile() throws Exception {
        // The layout of a Kubernetes ConfigMap volume: gateway.yaml -> ..data/gateway.yaml, ..data -> ..v1
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(v1.resolve("gateway.yaml"), Configs.valid("k1"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path f = Files.createSymbolicLink(dir.resolve("gateway.yaml"), Path.of("..data", "gateway.yaml"));
        ConfigControl control = control(f);
        try (ConfigFileWatcher w = watch(f, control)) {
            Path v2 = Files.createDirectory(dir.resolve("..v2"));
            Files.writeString(v2.resolve("gateway.yaml"), Configs.valid("k1", "k3"));
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            Configs.await("the swapped file to be running", () -> control.running().version() == 2);
            assertThat(control.running().text()).isEqualTo(Configs.valid("k1", "k3"));
        }
    }

    @Test
    void aBadFileIsRejectedAndTheNextGoodOneIsRunning() throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, Configs.valid("k1"));
        ConfigControl control = control(f);
        try (ConfigFileWatcher w = watch(f, control)) {
            Files.writeString(f, Configs.invalid());
            Files.writeString(f, Configs.valid("k1", "k2"));

            Configs.await("the good file to be running", () -> control.running().text().equals(Configs.valid("k1", "k2")));
            assertThat(control.running().config().aliases()).containsOnlyKeys("m");
        }
    }
}
