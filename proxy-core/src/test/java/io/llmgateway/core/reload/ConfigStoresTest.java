package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store the command line's file names: itself, or a URL (then the file needs nothing else). */
class ConfigStoresTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutStorageSectionIsItsOwnStore() throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, Configs.valid("k1") + "storage:\n  config:\n    watch: true\n    watch_debounce_ms: 200\n");

        ConfigStore store = ConfigStores.open(f, Configs.loader());

        assertThat(store).isInstanceOf(FileConfigStore.class);
        assertThat(store.location()).isEqualTo(f.toString());
        assertThat(store.writable()).isTrue();
        assertThat(store.settings().watch()).isTrue();
        assertThat(store.settings().watchDebounceMs()).isEqualTo(200);
    }

    @Test
    void aFileThatPointsToAUrlNeedsOnlyTheStorageSection() throws Exception {
        Path f = dir.resolve("bootstrap.yaml");
        Files.writeString(f, """
                storage:
                  config:
                    type: http
                    url: "https://config.example/gateway.yaml"
                    bearer_token: "${CONFIG_TOKEN}"
                    poll_interval_ms: 5000
                """);

        ConfigStore store = ConfigStores.open(f, new ConfigLoader(Map.of("CONFIG_TOKEN", "tok-1")::get));

        assertThat(store).isInstanceOf(HttpConfigStore.class);
        assertThat(store.location()).isEqualTo("https://config.example/gateway.yaml");
        assertThat(store.writable()).isFalse();
        assertThat(store.settings().bearerToken()).isEqualTo("tok-1");
        assertThat(store.settings().pollIntervalMs()).isEqualTo(5000);
    }

    @Test
    void anHttpStoreWithoutAUrlIsAProblemWithItsPath() throws Exception {
        Path f = dir.resolve("bootstrap.yaml");
        Files.writeString(f, "storage:\n  config:\n    type: http\n    bearer_tokn: x\n");

        assertThatThrownBy(() -> ConfigStores.open(f, Configs.loader())).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anyMatch(
                        p -> p.startsWith("storage.config.url") && p.contains("required"))
                        .anyMatch(p -> p.contains("bearer_tokn")));
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> ConfigStores.open(dir.resolve("absent.yaml"), Configs.loader()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read: no such file");
    }
}
