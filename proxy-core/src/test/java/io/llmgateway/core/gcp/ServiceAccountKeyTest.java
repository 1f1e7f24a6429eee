package io.llmgateway.core.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class ServiceAccountKeyTest {

    private final KeyPair pair = TestServiceAccounts.keyPair();
    private final String json = TestServiceAccounts.json(pair, "gw@p.iam.gserviceaccount.com", "https://o.example/token");
    /** A piece of the private key that no message may contain. */
    private final String keyPiece = TestServiceAccounts.privateKeyPem(pair).substring(30, 90);

    private static ServiceAccountKey parse(String s) {
        return ServiceAccountKey.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheConsolesKeyFile() {
        ServiceAccountKey k = parse(json);
        assertThat(k.clientEmail()).isEqualTo("gw@p.iam.gserviceaccount.com");
        assertThat(k.privateKeyId()).isEqualTo("0123456789abcdef");
        assertThat(k.tokenUri().toString()).isEqualTo("https://o.example/token");
        assertThat(k.privateKey().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(k).isEqualTo(parse(json)).hasSameHashCodeAs(parse(json));
        assertThat(k).isNotEqualTo(parse(json.replace("o.example", "p.example")));
        assertThat(k.toString()).doesNotContain(keyPiece).doesNotContain("PRIVATE KEY")
                .isEqualTo("ServiceAccountKey[client_email=gw@p.iam.gserviceaccount.com, private_key_id=0123456789abcdef, "
                        + "token_uri=https://o.example/token]");
    }

    @Test
    void aMissingTokenUriIsGooglesEndpoint() {
        String noUri = json.replace("\"token_uri\": \"https://o.example/token\",", "");
        assertThat(parse(noUri).tokenUri().toString()).isEqualTo("https://oauth2.googleapis.com/token");
    }

    @Test
    void everyProblemNamesTheFieldAndNeverQuotesTheKey() {
        assertThatThrownBy(() -> parse(json.replace("\"service_account\"", "\"authorized_user\"")))
                .hasMessage("type: 'authorized_user' (expected: service_account — a service-account key file from the "
                        + "Cloud console)");
        assertThatThrownBy(() -> parse(json.replace("client_email", "client_mail")))
                .hasMessage("client_email: absent (expected: the service account's e-mail address)");
        assertThatThrownBy(() -> parse(json.replace("\"private_key\"", "\"private_kee\"")))
                .hasMessage("private_key: absent (expected: a PKCS#8 PEM RSA private key)");
        assertThatThrownBy(() -> parse(json.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")))
                .hasMessageContaining("private_key: not a PKCS#8 PEM block")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyPiece));
        assertThatThrownBy(() -> parse(json.replace(keyPiece, "")))
                .hasMessage("private_key: not a readable RSA private key (expected: a PKCS#8 PEM RSA private key, as "
                        + "the Cloud console writes it)");
        assertThatThrownBy(() -> parse(json.replace("https://o.example/token", "ftp://o.example/token")))
                .hasMessage("token_uri: 'ftp://o.example/token' (expected: an http(s) URL such as "
                        + "https://oauth2.googleapis.com/token)");
        String broken = json.substring(0, json.indexOf(keyPiece) + 20) + "\u0001" + json.substring(json.indexOf(keyPiece) + 20);
        assertThatThrownBy(() -> parse(broken))
                .hasMessageStartingWith("not valid JSON at line 5, column ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyPiece.substring(0, 20)));
        assertThatThrownBy(() -> parse("[1]")).hasMessage("not a JSON object (expected: a service-account key file)");
    }
}
