package io.llmgateway.core.limits;

import io.netty.util.NetUtil;

/**
 * A block of IP addresses written as an address ({@code 10.1.2.3}, {@code ::1}) or in CIDR
 * notation ({@code 10.0.0.0/8}, {@code fd00::/8}); IPv4 blocks match IPv4 clients only, IPv6
 * blocks IPv6 ones (and the IPv4-mapped range {@code ::ffff:0:0/96} IPv4 ones). Immutable.
 *
 * <pre>
 *   IpRange proxies = IpRange.parse("10.0.0.0/8");    // null when malformed
 *   proxies.contains(ClientIp.parse("10.2.3.4"))       // true
 * </pre>
 */
public final class IpRange {

    private final ClientIp network;
    private final long maskHigh;
    private final long maskLow;
    private final String text;

    private IpRange(ClientIp network, int prefix, String text) {
        this.maskHigh = mask(prefix);
        this.maskLow = mask(prefix - 64);
        this.network = new ClientIp(network.high() & maskHigh, network.low() & maskLow);
        this.text = text;
    }

    /** The block {@code text} names, or null when it is neither an IP address nor {@code address/prefix}. */
    public static IpRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return null;
            }
        }
        return new IpRange(ClientIp.ofBytes(address), bits == 32 ? prefix + 96 : prefix, s);
    }

    /** The mask of the first {@code bits} bits of a long (0 bits or fewer: none; 64 or more: all). */
    private static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    public boolean contains(ClientIp ip) {
        return (ip.high() & maskHigh) == network.high() && (ip.low() & maskLow) == network.low();
    }

    /** As written in the configuration. */
    @Override
    public String toString() {
        return text;
    }
}
