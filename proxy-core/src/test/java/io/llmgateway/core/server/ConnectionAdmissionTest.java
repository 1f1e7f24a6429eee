package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ClientIp;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConnectionAdmission}: the cap on open connections, the cap per address, trusted proxies. */
class ConnectionAdmissionTest {

    @RegisterExtension
    final TestServer server = new TestServer("", """
              max_connections: 3
              trusted_proxies: ["10.0.0.0/8", "fd00::/8"]
              ip_limits:
                max_connections: 2
            """);
    private final ConnectionAdmission admission = server.state.admission();

    @Test
    void beyondMaxConnectionsANewConnectionIsRefusedAndAClosedOneMakesRoom() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        assertThat(admission.admit(a)).isNotNull();
        assertThat(admission.admit(b)).isNotNull();
        assertThat(admission.admit(c)).isNotNull();
        EmbeddedChannel d = new EmbeddedChannel();
        assertThat(admission.admit(d)).isNull();
        assertThat(admission.open()).isEqualTo(3);
        assertThat(a.finishAndReleaseAll()).isFalse();
        assertThat(admission.open()).isEqualTo(2);
        assertThat(admission.admit(d)).isNotNull();
        for (EmbeddedChannel ch : new EmbeddedChannel[] {b, c, d}) {
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
        assertThat(admission.open()).isZero();
    }

    @Test
    void oneAddressMayOpenItsShareOnlyAndTrustedProxiesAreNotCounted() {
        PeerChannel first = new PeerChannel("203.0.113.5");
        PeerChannel second = new PeerChannel("203.0.113.5");
        PeerChannel third = new PeerChannel("203.0.113.5");
        ClientAddress address = admission.admit(first);
        assertThat(address.peer()).isEqualTo(ClientIp.parse("203.0.113.5"));
        assertThat(address.trusted()).isFalse();
        assertThat(address.limits()).isNotNull();
        assertThat(admission.admit(second)).isNotNull();
        assertThat(admission.admit(third)).isNull();
        assertThat(admission.open()).as("the refused one gave its slot back").isEqualTo(2);
        assertThat(second.finishAndReleaseAll()).isFalse();
        assertThat(admission.admit(third)).isNotNull();

        PeerChannel proxy = new PeerChannel("10.1.2.3");
        ClientAddress viaProxy = admission.admit(proxy);
        assertThat(viaProxy.trusted()).isTrue();
        assertThat(viaProxy.limits()).isNull();
        for (EmbeddedChannel ch : new EmbeddedChannel[] {first, third, proxy}) {
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
        assertThat(admission.open()).isZero();
    }

    @Test
    void withoutLimitsEveryConnectionIsAdmittedAndCounted() {
        TestServer open = new TestServer("");
        try {
            ConnectionAdmission unlimited = open.state.admission();
            PeerChannel ch = new PeerChannel("2001:db8::1");
            ClientAddress address = unlimited.admit(ch);
            assertThat(address.limits()).isNull();
            assertThat(unlimited.limitsRequests()).isFalse();
            assertThat(unlimited.open()).isEqualTo(1);
            assertThat(ch.finishAndReleaseAll()).isFalse();
            assertThat(unlimited.open()).isZero();
        } finally {
            open.close();
        }
    }
}
