package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** {@link ClientIp} and {@link IpRange}: literals of both families, ports and brackets, CIDR blocks. */
class ClientIpTest {

    @Test
    void parsesAddressLiteralsWithOrWithoutPortsAndNeverAHostName() throws Exception {
        assertThat(ClientIp.parse(" 203.0.113.7 ")).isEqualTo(ClientIp.of(InetAddress.getByName("203.0.113.7")));
        assertThat(ClientIp.parse("203.0.113.7:4711")).isEqualTo(ClientIp.parse("203.0.113.7"));
        assertThat(ClientIp.parse("2001:db8::1")).isEqualTo(ClientIp.of(InetAddress.getByName("2001:db8::1")));
        assertThat(ClientIp.parse("[2001:db8::1]:443")).isEqualTo(ClientIp.parse("2001:db8::1"));
        assertThat(ClientIp.parse("[2001:db8::1]")).isEqualTo(ClientIp.parse("2001:db8::1"));
        assertThat(ClientIp.parse("::ffff:203.0.113.7")).isEqualTo(ClientIp.parse("203.0.113.7"));
        assertThat(ClientIp.parse("localhost")).isNull();
        assertThat(ClientIp.parse("unknown")).isNull();
        assertThat(ClientIp.parse("")).isNull();
        assertThat(ClientIp.parse("[::1")).isNull();
        assertThat(ClientIp.parse("1.2.3.4.5")).isNull();
    }

    @Test
    void printsAsTheUsualLiteral() {
        assertThat(ClientIp.parse("203.0.113.7")).hasToString("203.0.113.7");
        assertThat(ClientIp.parse("203.0.113.7").isIpv4()).isTrue();
        assertThat(ClientIp.parse("2001:db8::1")).hasToString("2001:db8::1");
        assertThat(ClientIp.parse("2001:db8::1").isIpv4()).isFalse();
    }

    @Test
    void rangesMatchTheirBlockOnly() {
        IpRange ten = IpRange.parse("10.0.0.0/8");
        assertThat(ten.contains(ClientIp.parse("10.255.1.2"))).isTrue();
        assertThat(ten.contains(ClientIp.parse("11.0.0.1"))).isFalse();
        assertThat(ten.contains(ClientIp.parse("::a00:1"))).isFalse();
        IpRange one = IpRange.parse("192.168.1.7");
        assertThat(one.contains(ClientIp.parse("192.168.1.7"))).isTrue();
        assertThat(one.contains(ClientIp.parse("192.168.1.8"))).isFalse();
        IpRange v6 = IpRange.parse("fd00::/8");
        assertThat(v6.contains(ClientIp.parse("fd12:3456::1"))).isTrue();
        assertThat(v6.contains(ClientIp.parse("fe80::1"))).isFalse();
        IpRange odd = IpRange.parse("2001:db8:abcd:12::/63");
        assertThat(odd.contains(ClientIp.parse("2001:db8:abcd:13::5"))).isTrue();
        assertThat(odd.contains(ClientIp.parse("2001:db8:abcd:14::5"))).isFalse();
        IpRange all = IpRange.parse("0.0.0.0/0");
        assertThat(all.contains(ClientIp.parse("8.8.8.8"))).isTrue();
        assertThat(all.contains(ClientIp.parse("::1"))).isFalse();
        assertThat(IpRange.parse("::/0").contains(ClientIp.parse("::1"))).isTrue();
        assertThat(IpRange.parse("10.1.2.3/8").contains(ClientIp.parse("10.9.9.9"))).isTrue();
        assertThat(ten).hasToString("10.0.0.0/8");
    }

    @Test
    void malformedRangesAreRefused() {
        assertThat(IpRange.parse("10.0.0.0/33")).isNull();
        assertThat(IpRange.parse("::/129")).isNull();
        assertThat(IpRange.parse("10.0.0.0/")).isNull();
        assertThat(IpRange.parse("10.0.0.0/-1")).isNull();
        assertThat(IpRange.parse("10.0.0.0/8/8")).isNull();
        assertThat(IpRange.parse("proxy.internal")).isNull();
        assertThat(IpRange.parse("10.0.0.1:80")).isNull();
        assertThat(IpRange.parse("")).isNull();
    }
}
