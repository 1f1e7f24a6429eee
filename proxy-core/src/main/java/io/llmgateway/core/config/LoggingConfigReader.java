package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code logging:} into a {@link LoggingConfig}. */
final class LoggingConfigReader {

    private LoggingConfigReader() {
    }

    static LoggingConfig read(ConfigNode root) {
        ConfigNode n = LOGGING.open(root);
        ConfigNode f = LOGGING_FILE.open(n);
        ConfigNode pr = LOGGING_PROMETHEUS.open(n);
        String endpoint = LOGGING_PROMETHEUS_ENDPOINT.read(pr);
        if (!endpoint.startsWith("/")) {
            ConfigNode endpointNode = LOGGING_PROMETHEUS_ENDPOINT.node(pr);
            endpointNode.problem("must start with '/', got " + endpointNode.quote(endpoint));
        } else if (endpoint.startsWith("/v1/") || endpoint.equals("/v1") || endpoint.startsWith("/health/")
                || endpoint.startsWith("/admin/")) {
            ConfigNode endpointNode = LOGGING_PROMETHEUS_ENDPOINT.node(pr);
            endpointNode.problem("must not be under /v1/, /health/ or /admin/ (the gateway's own routes), got "
                    + endpointNode.quote(endpoint));
        }
        List<LoggingConfig.HttpSink> sinks = new ArrayList<>();
        for (ConfigNode s : LOGGING_SINKS.node(n).items()) {
            if (LOGGING_SINKS.check(s)) {
                sinks.add(sink(s));
            }
        }
        return new LoggingConfig(
                new LoggingConfig.FileSink(LOGGING_FILE_ENABLED.read(f), LOGGING_FILE_PATH.read(f),
                        LOGGING_FILE_MAX_SIZE_MB.read(f), LOGGING_FILE_MAX_BACKUPS.read(f)),
                new LoggingConfig.Prometheus(LOGGING_PROMETHEUS_ENABLED.read(pr), endpoint),
                sinks);
    }

    private static LoggingConfig.HttpSink sink(ConfigNode s) {
        ConfigNode b = LOGGING_SINK_BATCH.open(s);
        String url = LOGGING_SINK_ENDPOINT.required(s);
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            ConfigNode urlNode = LOGGING_SINK_ENDPOINT.node(s);
            urlNode.problem("must be an http:// or https:// URL, got " + urlNode.quote(url));
        }
        return new LoggingConfig.HttpSink(
                LOGGING_SINK_NAME.read(s),
                LOGGING_SINK_TYPE.read(s),
                url,
                LOGGING_SINK_BATCH_ENABLED.read(b),
                LOGGING_SINK_BATCH_SIZE.read(b),
                LOGGING_SINK_BATCH_INTERVAL_SECONDS.read(b));
    }
}
