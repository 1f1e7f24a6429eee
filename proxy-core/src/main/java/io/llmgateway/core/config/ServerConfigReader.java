package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import io.llmgateway.core.limits.IpRange;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code server:} into a {@link ServerConfig}. */
final class ServerConfigReader {

    private ServerConfigReader() {
    }

    static ServerConfig read(ConfigNode root) {
        ConfigNode n = SERVER.open(root);
        HostPort listen = hostPort(SERVER_LISTEN.node(n), SERVER_LISTEN.read(n));
        String metricsListen = SERVER_METRICS_LISTEN.read(n).trim();
        HostPort metrics = metricsListen.isEmpty() ? new HostPort("", 0)
                : hostPort(SERVER_METRICS_LISTEN.node(n), metricsListen);
        String adminListen = SERVER_ADMIN_LISTEN.read(n).trim();
        HostPort admin = adminListen.isEmpty() ? new HostPort("", 0)
                : hostPort(SERVER_ADMIN_LISTEN.node(n), adminListen);
        long grace = SERVER_SHUTDOWN_GRACE_MS.read(n);
        return new ServerConfig(
                listen.host(),
                listen.port(),
                adminApiKey(n),
                apiKeys(n),
                SERVER_IO_THREADS.read(n),
                SERVER_TRANSPORT.read(n),
                SERVER_ALLOCATOR.read(n),
                SERVER_MAX_REQUEST_BYTES.read(n),
                SERVER_MAX_HEADER_BYTES.read(n),
                SERVER_MAX_INITIAL_LINE_BYTES.read(n),
                SERVER_CLIENT_IDLE_TIMEOUT_MS.read(n),
                grace,
                SERVER_MAX_BUFFERED_BYTES.read(n),
                SERVER_HEADER_TIMEOUT_MS.read(n),
                SERVER_BODY_TIMEOUT_MS.read(n),
                SERVER_MAX_CONNECTIONS.read(n),
                trustedProxies(n),
                ipLimits(n),
                drainDelayMs(n, grace),
                metrics.host(),
                metrics.port(),
                admin.host(),
                admin.port(),
                ServerTlsReader.read(n),
                new UploadLimits(SERVER_MAX_UPLOAD_BYTES.read(n), SERVER_UPLOAD_MODEL_LOOKAHEAD_BYTES.read(n)));
    }

    private record HostPort(String host, int port) {
    }

    /** {@code host:port}, {@code [v6]:port} or {@code :port} (every interface); a problem otherwise. */
    private static HostPort hostPort(ConfigNode node, String text) {
        String listen = text.trim();
        String host = "0.0.0.0";
        int port = 8080;
        int colon = listen.lastIndexOf(':');
        String portText = colon < 0 ? listen : listen.substring(colon + 1);
        if (colon > 0) {
            host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) {
                node.problem("port must be between 0 and 65535, got " + node.quote(Integer.toString(port)));
            }
        } catch (NumberFormatException e) {
            node.problem("must be host:port or :port, got " + node.quote(listen));
        }
        return new HostPort(host, port);
    }

    private static IpLimitsConfig ipLimits(ConfigNode server) {
        ConfigNode n = SERVER_IP_LIMITS.open(server);
        return new IpLimitsConfig(
                SERVER_IP_MAX_CONNECTIONS.read(n),
                SERVER_IP_REQUESTS_PER_SECOND.read(n),
                SERVER_IP_BURST.read(n),
                SERVER_IP_MAX_TRACKED.read(n));
    }

    /** Each entry an IP address or a CIDR block; anything else (a host name included) is a problem. */
    private static List<IpRange> trustedProxies(ConfigNode server) {
        ConfigNode list = SERVER_TRUSTED_PROXIES.node(server);
        List<ConfigNode> items = list.isScalar() ? List.of(list) : list.items();
        List<IpRange> ranges = new ArrayList<>(items.size());
        for (ConfigNode item : items) {
            String text = item.text();
            if (text == null) {
                continue;
            }
            IpRange range = IpRange.parse(text);
            if (range == null) {
                item.invalid(text, "an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8");
                continue;
            }
            ranges.add(range);
        }
        return ranges;
    }

    /**
     * The drain delay, cut to the shutdown grace that includes it: said, since a listener that
     * closes before its delay is over is not what the longer delay asked for.
     */
    private static long drainDelayMs(ConfigNode server, long grace) {
        long delay = SERVER_DRAIN_DELAY_MS.read(server);
        if (delay <= grace) {
            return delay;
        }
        ConfigNode node = SERVER_DRAIN_DELAY_MS.isSetIn(server) ? SERVER_DRAIN_DELAY_MS.node(server)
                : SERVER_SHUTDOWN_GRACE_MS.node(server);
        node.warn("drain_delay_ms " + delay + " is longer than shutdown_grace_ms " + grace
                + ", which includes it: the listener closes at " + grace + " ms (expected: drain_delay_ms <= "
                + "shutdown_grace_ms)");
        return grace;
    }

    /** An admin key whose variable is unset turns the admin API off: said, since it was surely meant on. */
    private static String adminApiKey(ConfigNode server) {
        ConfigNode node = SERVER_ADMIN_API_KEY.node(server);
        String key = SERVER_ADMIN_API_KEY.read(server);
        node.checkHeaderSafe(key);
        String missing = node.missingVariables();
        if (key.isEmpty() && !missing.isEmpty()) {
            node.warn(missing + ": the admin API is off");
        }
        return key;
    }

    /**
     * The non-empty client keys. An empty one is dropped with a warning; when none is left the file
     * is refused: its author asked for client authentication, and starting open instead would let
     * anyone in because a variable is missing.
     */
    private static List<String> apiKeys(ConfigNode server) {
        ConfigNode list = SERVER_API_KEYS.node(server);
        List<ConfigNode> items = list.isScalar() ? List.of(list) : list.items();
        List<String> keys = new ArrayList<>(items.size());
        for (ConfigNode item : items) {
            String key = item.text();
            if (key == null) {
                continue;
            }
            if (key.isEmpty()) {
                String missing = item.missingVariables();
                item.warn((missing.isEmpty() ? "empty" : missing) + ": this client key is ignored");
                continue;
            }
            item.checkHeaderSafe(key);
            keys.add(key);
        }
        if (keys.isEmpty() && !items.isEmpty()) {
            list.problem("no client key is left, so any client would be let in (expected: at least one key; "
                    + "remove api_keys to run without client authentication)");
        }
        return keys;
    }
}
