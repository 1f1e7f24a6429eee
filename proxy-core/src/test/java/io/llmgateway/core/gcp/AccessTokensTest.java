package io.llmgateway.core.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    @TempDir
    Path dir;

    private final ManualScheduler scheduler = new ManualScheduler(0);
    private final List<String> asked = new ArrayList<>();
    private final AccessTokens tokens = new AccessTokens(scheduler, (uri, assertion, now) -> {
        asked.add(uri.toString());
        return new CompletableFuture<>();
    }, scheduler::now);
    private final KeyPair pair = TestServiceAccounts.keyPair();

    private Path file(String name, String email, String tokenUri) throws Exception {
        return Files.writeString(dir.resolve(name), TestServiceAccounts.json(pair, email, tokenUri));
    }

    private static GatewayConfig config(Path... files) throws Exception {
        StringBuilder yaml = new StringBuilder("providers:\n  - id: vx\n    type: vertex\n    project: p\n"
                + "    location: us-central1\n    keys:\n      - {id: plain, secret: secret-secret}\n");
        for (int i = 0; i < files.length; i++) {
            yaml.append("      - {id: k").append(i).append(", credentials_file: \"").append(files[i]).append("\"}\n");
        }
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml.toString(), "test");
    }

    private ServiceAccountKey account(GatewayConfig c, String keyId) {
        return c.provider("vx").keys().stream().filter(k -> k.id().equals(keyId)).findFirst().orElseThrow()
                .serviceAccount();
    }

    @Test
    void aReloadKeepsTheSourceOfAnUnchangedFileAndReplacesAChangedOne() throws Exception {
        Path a = file("a.json", "a@p", "http://127.0.0.1:1/token");
        Path b = file("b.json", "b@p", "http://127.0.0.1:1/token");
        GatewayConfig first = config(a, b, a);
        tokens.reconfigure(first);
        scheduler.runReady();
        assertThat(asked).as("one source per account, whatever the number of keys").hasSize(2);
        ServiceAccountTokenSource sourceA = tokens.source(account(first, "k0"));
        ServiceAccountTokenSource sourceB = tokens.source(account(first, "k1"));
        assertThat(sourceA).isNotNull().isSameAs(tokens.source(account(first, "k2")));

        file("b.json", "b@p", "http://127.0.0.1:2/token");
        GatewayConfig second = config(a, b);
        tokens.reconfigure(second);
        scheduler.runReady();
        assertThat(tokens.source(account(second, "k0"))).as("unchanged file").isSameAs(sourceA);
        assertThat(tokens.source(account(second, "k1"))).as("changed file").isNotNull().isNotSameAs(sourceB);
        assertThat(tokens.source(account(first, "k1"))).isNull();
        assertThat(asked).containsExactly("http://127.0.0.1:1/token", "http://127.0.0.1:1/token",
                "http://127.0.0.1:2/token");

        tokens.reconfigure(config());
        assertThat(tokens.source(account(second, "k0"))).isNull();
        tokens.close();
    }

    @Test
    void everyKeyInstanceNamingAnAccountMatchesItsTokensAcrossAReload() throws Exception {
        List<CompletableFuture<AccessToken>> answers = new ArrayList<>();
        AccessTokens answering = new AccessTokens(scheduler, (uri, assertion, now) -> {
            CompletableFuture<AccessToken> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }, scheduler::now);
        Path a = file("a.json", "a@p", "http://127.0.0.1:1/token");
        GatewayConfig first = config(a, a);
        answering.reconfigure(first);
        scheduler.runReady();
        answers.get(0).complete(new AccessToken("ya29.issued-token", 3_600_000, 3_600_000));
        scheduler.runReady();
        assertThat(account(first, "k0").issuedTokens().current().foundIn("ya29.issued-token")).isTrue();
        assertThat(account(first, "k1").issuedTokens().current().foundIn("ya29.issued-token"))
                .as("a second key on the same file").isTrue();

        GatewayConfig second = config(a);
        answering.reconfigure(second);
        assertThat(account(second, "k0")).isNotSameAs(account(first, "k0"));
        assertThat(account(second, "k0").issuedTokens().current().foundIn("ya29.issued-token"))
                .as("the unchanged file read again, before the refresh thread ran").isTrue();
        answering.close();
    }
}
