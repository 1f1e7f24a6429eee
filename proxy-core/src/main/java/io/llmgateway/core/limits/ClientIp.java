package io.llmgateway.core.limits;

import io.netty.util.NetUtil;
import java.net.InetAddress;

/**
 * A client's IP address as two longs: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}), so that one type keys both families and an IPv4 peer seen through a
 * dual-stack socket is the same client as the same address seen as IPv4. Immutable; a map key
 * (equality is the address).
 *
 * <pre>
 *   ClientIp peer = ClientIp.of(((InetSocketAddress) channel.remoteAddress()).getAddress());
 *   ClientIp forwarded = ClientIp.parse("203.0.113.7");   // null when not an IP literal
 * </pre>
 *
 * @param high the first 64 bits of the IPv6 form
 * @param low  the last 64 bits of the IPv6 form
 */
public record ClientIp(long high, long low) {

    private static final long IPV4_MAPPED = 0xFFFF_0000_0000L;

    public static ClientIp of(InetAddress address) {
        return ofBytes(address.getAddress());
    }

    /**
     * The address written as an IP literal, as {@code X-Forwarded-For} carries it: IPv4, IPv6,
     * an IPv6 in brackets, either with a {@code :port}; surrounding blanks ignored. Null when the
     * text is anything else (a host name is never resolved).
     */
    public static ClientIp parse(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port: an IPv6 literal has two colons at least
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
        return bytes == null ? null : ofBytes(bytes);
    }

    /** The address of 4 (IPv4) or 16 (IPv6) bytes. */
    static ClientIp ofBytes(byte[] b) {
        if (b.length == 4) {
            return new ClientIp(0, IPV4_MAPPED | (toLong(b, 0, 4) & 0xFFFF_FFFFL));
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("address: " + b.length + " bytes (expected: 4 or 16)");
        }
        return new ClientIp(toLong(b, 0, 8), toLong(b, 8, 8));
    }

    private static long toLong(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** True for an IPv4 address (or its IPv4-mapped form). */
    public boolean isIpv4() {
        return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED;
    }

    @Override
    public String toString() {
        byte[] b;
        if (isIpv4()) {
            b = new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        } else {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (high >>> (56 - 8 * i));
                b[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        }
        return NetUtil.bytesToIpAddress(b);
    }
}
