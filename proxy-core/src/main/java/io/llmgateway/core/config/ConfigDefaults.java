package io.llmgateway.core.config;

/**
 * Every default of the configuration, in one place, named after its YAML key. README and
 * {@code config.example.yaml} show the same values.
 */
public final class ConfigDefaults {

    public static final String SERVER_LISTEN = ":8080";
    public static final int SERVER_IO_THREADS = 0;
    public static final String SERVER_TRANSPORT = "auto";
    public static final String SERVER_ALLOCATOR = "pooled";
    public static final int SERVER_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    public static final int SERVER_MAX_HEADER_BYTES = 16 * 1024;
    public static final int SERVER_MAX_INITIAL_LINE_BYTES = 8 * 1024;
    public static final long SERVER_CLIENT_IDLE_TIMEOUT_MS = 75_000;
    public static final long SERVER_SHUTDOWN_GRACE_MS = 30_000;

    public static final long UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
    public static final long UPSTREAM_FIRST_BYTE_TIMEOUT_MS = 300_000;
    public static final long UPSTREAM_IDLE_TIMEOUT_MS = 120_000;
    public static final long UPSTREAM_TOTAL_TIMEOUT_MS = 900_000;
    public static final int UPSTREAM_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    public static final int UPSTREAM_MAX_EVENT_BYTES = 8 * 1024 * 1024;
    public static final int UPSTREAM_POOL_MAX_IDLE_PER_ORIGIN = 64;
    public static final long UPSTREAM_POOL_IDLE_TIMEOUT_MS = 30_000;
    public static final String UPSTREAM_TLS_PROVIDER = "auto";

    public static final String POLICY_STRATEGY = "round-robin";
    public static final double POLICY_HYBRID_TOKEN_RATIO = 0.5;
    public static final double POLICY_HYBRID_REQ_RATIO = 0.3;
    public static final double POLICY_HYBRID_ERROR_SCORE = 0.1;
    public static final double POLICY_HYBRID_LATENCY = 0.1;
    public static final int POLICY_RETRIES = 2;
    public static final long POLICY_BACKOFF_INITIAL_MS = 100;
    public static final long POLICY_BACKOFF_MAX_MS = 2_000;
    public static final long POLICY_COOLDOWN_MS = 10_000;
    public static final int POLICY_FAILURE_THRESHOLD = 3;
    public static final int POLICY_AUTH_FAILURE_THRESHOLD = 3;
    public static final double POLICY_BREAKER_FAILURE_RATE = 0.5;
    public static final int POLICY_BREAKER_MIN_REQUESTS = 10;
    public static final long POLICY_BREAKER_WINDOW_MS = 60_000;
    public static final long POLICY_BREAKER_OPEN_MS = 30_000;
    public static final int POLICY_BREAKER_HALF_OPEN_PROBES = 3;
    public static final long POLICY_RAMP_MS = 30_000;
    public static final long POLICY_DEFAULT_MAX_TOKENS = 1_024;
    public static final String POLICY_TAG_HEADER = "x-llm-tags";
    public static final long POLICY_MAX_WAIT_MS = 1_000;
    public static final double TARGET_WEIGHT = 1.0;
    public static final double KEY_WEIGHT = 1.0;

    public static final String LOGGING_FILE_PATH = "./logs/llm.log";
    public static final int LOGGING_FILE_MAX_SIZE_MB = 100;
    public static final int LOGGING_FILE_MAX_BACKUPS = 5;
    public static final String LOGGING_PROMETHEUS_ENDPOINT = "/metrics";
    public static final int LOGGING_BATCH_SIZE = 50;
    public static final int LOGGING_BATCH_INTERVAL_SECONDS = 10;

    public static final String STORAGE_CONFIG_TYPE = "file";
    public static final String STORAGE_RUNTIME_TYPE = "memory";
    public static final String STORAGE_REDIS_ADDR = "localhost:6379";

    private ConfigDefaults() {
    }
}
