package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every YAML example in README.md is a configuration that loads (or, for a file that points to a
 * URL, whose {@code storage.config} does): the README stays truthful.
 */
class ReadmeExamplesTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyYamlExampleOfTheReadmeLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = YAML_BLOCK.matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("YAML examples in README.md").hasSizeGreaterThanOrEqualTo(7);
        ConfigLoader loader = new ConfigLoader(name -> "value-of-" + name);
        for (String yaml : blocks) {
            ConfigStoreConfig store = loader.readConfigStore(yaml, "README example:\n" + yaml);
            if (store.http()) {
                // A file that points to a URL: storage.config is all it needs (and all that is read).
                assertThat(store.url()).startsWith("https://");
                continue;
            }
            GatewayConfig cfg = loader.parse(yaml, "README example:\n" + yaml);
            assertThat(cfg.providers()).isNotEmpty();
            assertThat(cfg.providers()).allSatisfy(p -> assertThat(p.enabledKeys()).isNotEmpty());
            assertThat(cfg.aliases()).isNotEmpty();
        }
    }
}
