package io.llmgateway.core.config;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.config.ConfigKey.BoolKey;
import io.llmgateway.core.config.ConfigKey.ChoiceKey;
import io.llmgateway.core.config.ConfigKey.DoubleKey;
import io.llmgateway.core.config.ConfigKey.IntKey;
import io.llmgateway.core.config.ConfigKey.LongKey;
import io.llmgateway.core.config.ConfigKey.StringKey;
import io.llmgateway.core.config.ConfigKey.StringListKey;
import io.llmgateway.core.config.ConfigKey.StringMapKey;

/**
 * Every key of the configuration file, in one place: its YAML name, type, default and bounds,
 * grouped by section in the order of {@code config.example.yaml}. The section readers read through
 * these declarations and reject any key not declared here; {@code ConfigKeysTest} holds
 * {@code config.example.yaml} and README's tables to the same names and defaults.
 *
 * <p>Static fields initialise in text order, so each section is declared before its keys.
 */
public final class ConfigKeys {

    private static final long DAY_MS = 24L * 3600 * 1000;
    private static final long MAX_TIMEOUT_MS = Long.MAX_VALUE / 4;
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 1024;

    public static final ConfigSection ROOT = ConfigSection.root();
    public static final StringKey VERSION = ROOT.string("version", "1.0");

    public static final ConfigSection SERVER = ROOT.mapping("server");
    public static final StringKey SERVER_LISTEN = SERVER.string("listen", ":8080");
    public static final StringKey SERVER_ADMIN_API_KEY = SERVER.string("admin_api_key", "");
    public static final StringListKey SERVER_API_KEYS = SERVER.stringList("api_keys");
    public static final IntKey SERVER_IO_THREADS = SERVER.integer("io_threads", 0, 0, 1024);
    public static final ChoiceKey SERVER_TRANSPORT = SERVER.choice("transport", "auto", "auto", "epoll", "io_uring", "nio");
    public static final ChoiceKey SERVER_ALLOCATOR = SERVER.choice("allocator", "pooled", "pooled", "adaptive");
    public static final IntKey SERVER_MAX_REQUEST_BYTES =
            SERVER.integer("max_request_bytes", 10 * 1024 * 1024, 1024, MAX_BUFFER);
    /** Multipart uploads (audio, image edits, files) are streamed through: their own, larger cap. */
    public static final LongKey SERVER_MAX_UPLOAD_BYTES =
            SERVER.longInteger("max_upload_bytes", 512L * 1024 * 1024, 1024, Long.MAX_VALUE / 2);
    public static final IntKey SERVER_UPLOAD_MODEL_LOOKAHEAD_BYTES =
            SERVER.integer("upload_model_lookahead_bytes", 64 * 1024, 0, 16 * 1024 * 1024);
    public static final IntKey SERVER_MAX_HEADER_BYTES =
            SERVER.integer("max_header_bytes", 16 * 1024, 1024, 1024 * 1024);
    public static final IntKey SERVER_MAX_INITIAL_LINE_BYTES =
            SERVER.integer("max_initial_line_bytes", 8 * 1024, 256, 1024 * 1024);
    public static final LongKey SERVER_CLIENT_IDLE_TIMEOUT_MS =
            SERVER.longInteger("client_idle_timeout_ms", 75_000, 1, Long.MAX_VALUE / 2);
    public static final LongKey SERVER_SHUTDOWN_GRACE_MS =
            SERVER.longInteger("shutdown_grace_ms", 30_000, 0, Long.MAX_VALUE / 2);
    /** 0: derived from the heap and direct-memory limits ({@code ConcurrentMemoryBudget.derivedLimit}). */
    public static final LongKey SERVER_MAX_BUFFERED_BYTES =
            SERVER.longInteger("max_buffered_bytes", 0, 0, Long.MAX_VALUE / 2);
    public static final LongKey SERVER_HEADER_TIMEOUT_MS = SERVER.longInteger("header_timeout_ms", 10_000, 1, DAY_MS);
    public static final LongKey SERVER_BODY_TIMEOUT_MS = SERVER.longInteger("body_timeout_ms", 60_000, 1, DAY_MS);
    public static final IntKey SERVER_MAX_CONNECTIONS = SERVER.integer("max_connections", 0, 0, 100_000_000);
    public static final StringListKey SERVER_TRUSTED_PROXIES = SERVER.stringList("trusted_proxies");
    public static final ConfigSection SERVER_IP_LIMITS = SERVER.mapping("ip_limits");
    public static final IntKey SERVER_IP_MAX_CONNECTIONS =
            SERVER_IP_LIMITS.integer("max_connections", 0, 0, 100_000_000);
    public static final DoubleKey SERVER_IP_REQUESTS_PER_SECOND =
            SERVER_IP_LIMITS.number("requests_per_second", 0, 0, 1_000_000);
    /** 0: {@code requests_per_second} rounded up, at least 1. */
    public static final IntKey SERVER_IP_BURST = SERVER_IP_LIMITS.integer("burst", 0, 0, 1_000_000);
    public static final IntKey SERVER_IP_MAX_TRACKED = SERVER_IP_LIMITS.integer("max_tracked_ips", 100_000, 1, 10_000_000);
    public static final LongKey SERVER_DRAIN_DELAY_MS = SERVER.longInteger("drain_delay_ms", 5_000, 0, DAY_MS);
    /** Empty: {@code /metrics} is served on the main listener (when {@code logging.prometheus.enabled}). */
    public static final StringKey SERVER_METRICS_LISTEN = SERVER.string("metrics_listen", "");
    public static final StringKey SERVER_ADMIN_LISTEN = SERVER.string("admin_listen", "");
    /** The main listener over TLS: on when {@code cert_file} and {@code key_file} are set. */
    public static final ConfigSection SERVER_TLS = SERVER.mapping("tls");
    public static final StringKey SERVER_TLS_CERT_FILE = SERVER_TLS.string("cert_file", "");
    public static final StringKey SERVER_TLS_KEY_FILE = SERVER_TLS.string("key_file", "");
    public static final StringKey SERVER_TLS_KEY_PASSWORD = SERVER_TLS.string("key_password", "");
    public static final ChoiceKey SERVER_TLS_PROVIDER = SERVER_TLS.choice("provider", "auto", "auto", "openssl", "jdk");
    public static final LongKey SERVER_TLS_HANDSHAKE_TIMEOUT_MS =
            SERVER_TLS.longInteger("handshake_timeout_ms", 10_000, 1, DAY_MS);

    public static final ConfigSection UPSTREAM = ROOT.mapping("upstream");
    public static final LongKey UPSTREAM_CONNECT_TIMEOUT_MS =
            UPSTREAM.longInteger("connect_timeout_ms", 5_000, 1, Integer.MAX_VALUE);
    public static final LongKey UPSTREAM_FIRST_BYTE_TIMEOUT_MS =
            UPSTREAM.longInteger("first_byte_timeout_ms", 300_000, 1, MAX_TIMEOUT_MS);
    public static final LongKey UPSTREAM_IDLE_TIMEOUT_MS =
            UPSTREAM.longInteger("idle_timeout_ms", 120_000, 1, MAX_TIMEOUT_MS);
    public static final LongKey UPSTREAM_TOTAL_TIMEOUT_MS =
            UPSTREAM.longInteger("total_timeout_ms", 900_000, 1, MAX_TIMEOUT_MS);
    public static final IntKey UPSTREAM_MAX_RESPONSE_BYTES =
            UPSTREAM.integer("max_response_bytes", 64 * 1024 * 1024, 1024, MAX_BUFFER);
    public static final IntKey UPSTREAM_MAX_EVENT_BYTES =
            UPSTREAM.integer("max_event_bytes", 8 * 1024 * 1024, 1024, MAX_BUFFER);
    public static final ConfigSection UPSTREAM_POOL = UPSTREAM.mapping("pool");
    public static final IntKey UPSTREAM_POOL_MAX_IDLE_PER_ORIGIN =
            UPSTREAM_POOL.integer("max_idle_per_origin", 64, 0, 100_000);
    public static final LongKey UPSTREAM_POOL_IDLE_TIMEOUT_MS =
            UPSTREAM_POOL.longInteger("idle_timeout_ms", 30_000, 1, MAX_TIMEOUT_MS);
    public static final ConfigSection UPSTREAM_TLS = UPSTREAM.mapping("tls");
    public static final ChoiceKey UPSTREAM_TLS_PROVIDER = UPSTREAM_TLS.choice("provider", "auto", "auto", "openssl", "jdk");
    public static final StringKey UPSTREAM_TLS_CA_FILE = UPSTREAM_TLS.string("ca_file", "");

    public static final ConfigSection LOGGING = ROOT.mapping("logging");
    public static final ConfigSection LOGGING_FILE = LOGGING.mapping("file");
    public static final BoolKey LOGGING_FILE_ENABLED = LOGGING_FILE.bool("enabled", false);
    public static final StringKey LOGGING_FILE_PATH = LOGGING_FILE.string("path", "./logs/llm.log");
    public static final IntKey LOGGING_FILE_MAX_SIZE_MB = LOGGING_FILE.integer("max_size_mb", 100, 1, 1_000_000);
    public static final IntKey LOGGING_FILE_MAX_BACKUPS = LOGGING_FILE.integer("max_backups", 5, 0, 10_000);
    public static final BoolKey LOGGING_INCLUDE_CONTENT = LOGGING.bool("include_content", false);
    public static final IntKey LOGGING_MAX_CONTENT_BYTES =
            LOGGING.integer("max_content_bytes", 16 * 1024, 1, 16 * 1024 * 1024);
    /** Items among {@code email}, {@code phone}, {@code card}; empty: content is logged unmasked. */
    public static final StringListKey LOGGING_MASK = LOGGING.stringList("mask");
    public static final IntKey LOGGING_RING_SIZE = LOGGING.integer("ring_size", 1000, 0, 1_000_000);
    public static final ConfigSection LOGGING_PROMETHEUS = LOGGING.mapping("prometheus");
    public static final BoolKey LOGGING_PROMETHEUS_ENABLED = LOGGING_PROMETHEUS.bool("enabled", true);
    public static final StringKey LOGGING_PROMETHEUS_ENDPOINT = LOGGING_PROMETHEUS.string("endpoint", "/metrics");
    public static final ConfigSection LOGGING_SINKS = LOGGING.listOf("providers");
    public static final StringKey LOGGING_SINK_NAME = LOGGING_SINKS.string("name", "webhook");
    public static final ChoiceKey LOGGING_SINK_TYPE = LOGGING_SINKS.choice("type", "http", "http");
    public static final StringKey LOGGING_SINK_ENDPOINT = LOGGING_SINKS.stringWithout("endpoint", "required");
    public static final StringMapKey LOGGING_SINK_HEADERS = LOGGING_SINKS.stringMap("headers");
    public static final IntKey LOGGING_SINK_BUFFER_SIZE = LOGGING_SINKS.integer("buffer_size", 10_000, 1, 10_000_000);
    public static final ConfigSection LOGGING_SINK_BATCH = LOGGING_SINKS.mapping("batch");
    public static final BoolKey LOGGING_SINK_BATCH_ENABLED = LOGGING_SINK_BATCH.bool("enabled", true);
    public static final IntKey LOGGING_SINK_BATCH_SIZE = LOGGING_SINK_BATCH.integer("size", 50, 1, 100_000);
    public static final IntKey LOGGING_SINK_BATCH_INTERVAL_SECONDS =
            LOGGING_SINK_BATCH.integer("interval_seconds", 10, 1, 86_400);
    public static final ConfigSection LOGGING_OTLP = LOGGING.mapping("otlp");
    /** Empty: tracing off. */
    public static final StringKey LOGGING_OTLP_ENDPOINT = LOGGING_OTLP.string("endpoint", "");
    public static final StringMapKey LOGGING_OTLP_HEADERS = LOGGING_OTLP.stringMap("headers");
    public static final StringKey LOGGING_OTLP_SERVICE_NAME = LOGGING_OTLP.string("service_name", "llm-gateway");
    public static final DoubleKey LOGGING_OTLP_SAMPLE_RATIO = LOGGING_OTLP.number("sample_ratio", 1.0, 0, 1);
    public static final IntKey LOGGING_OTLP_BATCH_SIZE = LOGGING_OTLP.integer("batch_size", 512, 1, 100_000);
    public static final IntKey LOGGING_OTLP_QUEUE_SIZE = LOGGING_OTLP.integer("queue_size", 4096, 1, 10_000_000);
    public static final LongKey LOGGING_OTLP_INTERVAL_MS = LOGGING_OTLP.longInteger("interval_ms", 1_000, 1, DAY_MS);
    public static final LongKey LOGGING_OTLP_TIMEOUT_MS = LOGGING_OTLP.longInteger("timeout_ms", 10_000, 1, DAY_MS);

    public static final ConfigSection STORAGE = ROOT.mapping("storage");
    public static final ConfigSection STORAGE_CONFIG = STORAGE.mapping("config");
    public static final ChoiceKey STORAGE_CONFIG_TYPE = STORAGE_CONFIG.choice("type", "file", "file", "http");
    public static final StringKey STORAGE_CONFIG_PATH = STORAGE_CONFIG.string("path", "");
    public static final StringKey STORAGE_CONFIG_URL = STORAGE_CONFIG.string("url", "");
    public static final StringKey STORAGE_CONFIG_BEARER_TOKEN = STORAGE_CONFIG.string("bearer_token", "");
    /** 0: the URL is fetched at start, on SIGHUP and {@code POST /admin/v1/reload} only. */
    public static final LongKey STORAGE_CONFIG_POLL_INTERVAL_MS =
            STORAGE_CONFIG.longInteger("poll_interval_ms", 30_000, 0, DAY_MS);
    public static final LongKey STORAGE_CONFIG_TIMEOUT_MS = STORAGE_CONFIG.longInteger("timeout_ms", 10_000, 1, 600_000);
    public static final BoolKey STORAGE_CONFIG_WATCH = STORAGE_CONFIG.bool("watch", false);
    public static final LongKey STORAGE_CONFIG_WATCH_DEBOUNCE_MS =
            STORAGE_CONFIG.longInteger("watch_debounce_ms", 500, 1, 600_000);
    public static final ConfigSection STORAGE_RUNTIME = STORAGE.mapping("runtime");
    public static final ChoiceKey STORAGE_RUNTIME_TYPE = STORAGE_RUNTIME.choice("type", "memory", "memory", "redis");
    public static final StringKey STORAGE_RUNTIME_ADDR = STORAGE_RUNTIME.string("addr", "localhost:6379");
    public static final StringKey STORAGE_RUNTIME_PASSWORD = STORAGE_RUNTIME.string("password", "");
    public static final IntKey STORAGE_RUNTIME_DB = STORAGE_RUNTIME.integer("db", 0, 0, 15);
    public static final BoolKey STORAGE_RUNTIME_TLS = STORAGE_RUNTIME.bool("tls", false);
    public static final StringKey STORAGE_RUNTIME_TLS_CA_FILE = STORAGE_RUNTIME.string("tls_ca_file", "");
    public static final StringKey STORAGE_RUNTIME_KEY_PREFIX = STORAGE_RUNTIME.string("key_prefix", "llmgw:");
    /** Non-empty: Redis Cluster seed nodes ({@code host:port}), used instead of {@code addr}. */
    public static final StringListKey STORAGE_RUNTIME_CLUSTER = STORAGE_RUNTIME.stringList("cluster");
    public static final IntKey STORAGE_RUNTIME_TIMEOUT_MS = STORAGE_RUNTIME.integer("timeout_ms", 200, 1, 60_000);
    public static final DoubleKey STORAGE_RUNTIME_LEASE_FRACTION =
            STORAGE_RUNTIME.number("lease_fraction", 0.05, 0.0001, 1);
    public static final IntKey STORAGE_RUNTIME_SYNC_INTERVAL_MS =
            STORAGE_RUNTIME.integer("sync_interval_ms", 500, 10, 60_000);
    public static final IntKey STORAGE_RUNTIME_INSTANCE_TTL_MS =
            STORAGE_RUNTIME.integer("instance_ttl_ms", 5_000, 100, 600_000);
    /** Where the embedded store keeps run-time virtual keys, teams and spend. */
    public static final StringKey STORAGE_DATA_DIR = STORAGE.string("data_dir", "./data");
    public static final ConfigSection STORAGE_OBJECT_OWNERS = STORAGE.mapping("object_owners");
    public static final IntKey STORAGE_OBJECT_OWNERS_MAX_ENTRIES =
            STORAGE_OBJECT_OWNERS.integer("max_entries", 100_000, 1, 10_000_000);
    public static final IntKey STORAGE_OBJECT_OWNERS_TTL_DAYS = STORAGE_OBJECT_OWNERS.integer("ttl_days", 30, 1, 3650);

    public static final ConfigSection CACHE = ROOT.mapping("cache");
    public static final BoolKey CACHE_ENABLED = CACHE.bool("enabled", false);
    public static final LongKey CACHE_TTL_MS = CACHE.longInteger("ttl_ms", 300_000, 1, 30 * DAY_MS);
    /** The in-memory store's budget; read at start. */
    public static final LongKey CACHE_MAX_BYTES = CACHE.longInteger("max_bytes", 64L * 1024 * 1024, 1024, Long.MAX_VALUE / 4);
    public static final IntKey CACHE_MAX_ENTRY_BYTES = CACHE.integer("max_entry_bytes", 1024 * 1024, 16, MAX_BUFFER);
    public static final ChoiceKey CACHE_SCOPE = CACHE.choice("scope", "per_key", "per_key", "shared");
    /** Empty: every model the clients ask for. */
    public static final StringListKey CACHE_MODELS = CACHE.stringList("models");
    public static final StringListKey CACHE_EXCLUDE_MODELS = CACHE.stringList("exclude_models");
    /** Empty: every client key (and clients without one). */
    public static final StringListKey CACHE_KEYS = CACHE.stringList("keys");
    public static final StringListKey CACHE_EXCLUDE_KEYS = CACHE.stringList("exclude_keys");

    public static final ConfigSection PROVIDERS = ROOT.listOf("providers");
    public static final StringKey PROVIDER_ID = PROVIDERS.stringWithout("id", "required");
    public static final StringKey PROVIDER_NAME = PROVIDERS.stringWithout("name", "id");
    public static final StringKey PROVIDER_TYPE = PROVIDERS.stringWithout("type", "inferred");
    public static final StringKey PROVIDER_BASE_URL = PROVIDERS.stringWithout("base_url", "per type");
    public static final ConfigSection PROVIDER_KEYS = PROVIDERS.listOf("keys");
    public static final StringKey KEY_ID = PROVIDER_KEYS.stringWithout("id", "<provider>-<n>");
    public static final StringKey KEY_SECRET = PROVIDER_KEYS.string("secret", "");
    /** Vertex AI: a Google service-account key file; its access tokens stand in for the secret. */
    public static final StringKey KEY_CREDENTIALS_FILE = PROVIDER_KEYS.stringWithout("credentials_file", "—");
    public static final LongKey KEY_LIMIT_REQ_PER_MIN =
            PROVIDER_KEYS.longInteger("limit_req_per_min", 0, 0, 1_000_000_000L);
    public static final LongKey KEY_LIMIT_TOKENS_PER_MIN =
            PROVIDER_KEYS.longInteger("limit_tokens_per_min", 0, 0, 1_000_000_000_000L);
    public static final IntKey KEY_MAX_CONCURRENT = PROVIDER_KEYS.integer("max_concurrent", 0, 0, 1_000_000);
    public static final DoubleKey KEY_WEIGHT = PROVIDER_KEYS.number("weight", 1, 0, 1_000_000);
    public static final BoolKey KEY_ENABLED = PROVIDER_KEYS.bool("enabled", true);
    /** Bedrock: the AWS access key id; with it, {@code secret} is the secret access key and requests are SigV4-signed. */
    public static final StringKey KEY_ACCESS_KEY_ID = PROVIDER_KEYS.stringWithout("access_key_id", "none (bearer key)");
    /** Bedrock: the session token of temporary AWS credentials. */
    public static final StringKey KEY_SESSION_TOKEN = PROVIDER_KEYS.stringWithout("session_token", "none");
    public static final StringMapKey PROVIDER_HEADERS = PROVIDERS.stringMap("headers");
    public static final StringMapKey PROVIDER_QUERY = PROVIDERS.stringMap("query");
    public static final StringKey PROVIDER_API_VERSION = PROVIDERS.stringWithout("api_version", "adapter default");
    public static final StringMapKey PROVIDER_DEPLOYMENTS = PROVIDERS.stringMap("deployments");
    public static final BoolKey PROVIDER_AZURE_V1 = PROVIDERS.bool("azure_v1", false);
    public static final StringKey PROVIDER_PROJECT = PROVIDERS.stringWithout("project", "—");
    public static final StringKey PROVIDER_LOCATION = PROVIDERS.stringWithout("location", "—");
    public static final StringKey PROVIDER_REGION = PROVIDERS.stringWithout("region", "—");
    public static final ChoiceKey PROVIDER_AUTH_MODE =
            PROVIDERS.choiceWithout("auth_mode", "adapter default", "api_key", "bearer");
    /** Bedrock: which API serves chat. */
    public static final ChoiceKey PROVIDER_API = PROVIDERS.choiceWithout("api", "openai (bedrock)", "openai", "converse");
    public static final StringListKey PROVIDER_MODELS = PROVIDERS.stringList("models");
    public static final ConfigSection PROVIDER_PRICES =
            PROVIDERS.openMapping("price_per_million",
                    "a model name with its own {prompt, completion, cached, cache_write}");
    public static final DoubleKey PRICE_PROMPT = PROVIDER_PRICES.number("prompt", 0, 0, 1e9);
    public static final DoubleKey PRICE_COMPLETION = PROVIDER_PRICES.number("completion", 0, 0, 1e9);
    public static final DoubleKey PRICE_CACHED = PROVIDER_PRICES.numberWithout("cached", "the prompt price", 0, 1e9);
    public static final DoubleKey PRICE_CACHE_WRITE =
            PROVIDER_PRICES.numberWithout("cache_write", "the prompt price", 0, 1e9);

    public static final ConfigSection MODEL_ALIASES = ROOT.named("model_aliases");
    public static final ConfigSection ALIAS_TARGETS = MODEL_ALIASES.listOf("targets");
    public static final StringKey TARGET = ALIAS_TARGETS.stringWithout("target", "required");
    public static final DoubleKey TARGET_WEIGHT = ALIAS_TARGETS.number("weight", 1, 0, 1_000_000);
    public static final StringListKey TARGET_TAGS = ALIAS_TARGETS.stringList("tags");
    public static final StringListKey ALIAS_FALLBACKS = MODEL_ALIASES.stringList("fallbacks");
    public static final StringListKey ALIAS_CONTEXT_WINDOW_FALLBACKS = MODEL_ALIASES.stringList("context_window_fallbacks");
    public static final ChoiceKey ALIAS_STRATEGY =
            MODEL_ALIASES.choiceWithout("strategy", "policy.strategy", PolicyConfig.STRATEGIES);
    public static final LongKey ALIAS_CONTEXT_WINDOW = MODEL_ALIASES.longInteger("context_window", 0, 0, 1_000_000_000L);

    /** The provider of each operation's requests that name no {@code model} (files, batches, a form without one). */
    public static final ConfigSection ENDPOINTS = ROOT.mapping("endpoints");
    public static final StringKey ENDPOINT_IMAGES_GENERATIONS = endpointDefault(Endpoint.IMAGES_GENERATIONS);
    public static final StringKey ENDPOINT_IMAGES_EDITS = endpointDefault(Endpoint.IMAGES_EDITS);
    public static final StringKey ENDPOINT_AUDIO_SPEECH = endpointDefault(Endpoint.AUDIO_SPEECH);
    public static final StringKey ENDPOINT_AUDIO_TRANSCRIPTIONS = endpointDefault(Endpoint.AUDIO_TRANSCRIPTIONS);
    public static final StringKey ENDPOINT_AUDIO_TRANSLATIONS = endpointDefault(Endpoint.AUDIO_TRANSLATIONS);
    public static final StringKey ENDPOINT_MODERATIONS = endpointDefault(Endpoint.MODERATIONS);
    public static final StringKey ENDPOINT_FILES = endpointDefault(Endpoint.FILES);
    public static final StringKey ENDPOINT_BATCHES = endpointDefault(Endpoint.BATCHES);
    /** Where a stored response whose creating key the gateway does not know is asked for (openai or azure). */
    public static final StringKey ENDPOINT_RESPONSES = endpointDefault(Endpoint.RESPONSES);

    public static final ConfigSection POLICY = ROOT.mapping("policy");
    public static final ChoiceKey POLICY_STRATEGY = POLICY.choice("strategy", "round-robin", PolicyConfig.STRATEGIES);
    public static final ConfigSection POLICY_HYBRID = POLICY.mapping("hybrid_weights");
    public static final DoubleKey POLICY_HYBRID_TOKEN_RATIO = POLICY_HYBRID.number("token_ratio", 0.5, 0, 1000);
    public static final DoubleKey POLICY_HYBRID_REQ_RATIO = POLICY_HYBRID.number("req_ratio", 0.3, 0, 1000);
    public static final DoubleKey POLICY_HYBRID_ERROR_SCORE = POLICY_HYBRID.number("error_score", 0.1, 0, 1000);
    public static final DoubleKey POLICY_HYBRID_LATENCY = POLICY_HYBRID.number("latency", 0.1, 0, 1000);
    public static final IntKey POLICY_RETRIES = POLICY.integer("retries", 2, 0, 100);
    public static final ConfigSection POLICY_BACKOFF = POLICY.mapping("backoff_ms");
    public static final LongKey POLICY_BACKOFF_INITIAL_MS = POLICY_BACKOFF.longInteger("initial", 100, 0, DAY_MS);
    /** When absent and {@code initial} is larger, {@code initial}. */
    public static final LongKey POLICY_BACKOFF_MAX_MS = POLICY_BACKOFF.longInteger("max", 2_000, 0, DAY_MS);
    public static final LongKey POLICY_COOLDOWN_MS = POLICY.longInteger("cooldown_ms", 10_000, 1, DAY_MS);
    public static final IntKey POLICY_FAILURE_THRESHOLD = POLICY.integer("failure_threshold", 3, 1, 1_000_000);
    public static final IntKey POLICY_AUTH_FAILURE_THRESHOLD =
            POLICY.integer("auth_failure_threshold", 3, 1, 1_000_000);
    public static final ConfigSection POLICY_BREAKER = POLICY.mapping("breaker");
    public static final DoubleKey POLICY_BREAKER_FAILURE_RATE = POLICY_BREAKER.number("failure_rate", 0.5, 0.01, 1);
    public static final IntKey POLICY_BREAKER_MIN_REQUESTS = POLICY_BREAKER.integer("min_requests", 10, 1, 1_000_000);
    public static final LongKey POLICY_BREAKER_WINDOW_MS = POLICY_BREAKER.longInteger("window_ms", 60_000, 1_000, DAY_MS);
    public static final LongKey POLICY_BREAKER_OPEN_MS = POLICY_BREAKER.longInteger("open_ms", 30_000, 1, DAY_MS);
    public static final IntKey POLICY_BREAKER_HALF_OPEN_PROBES =
            POLICY_BREAKER.integer("half_open_probes", 3, 1, 1_000);
    public static final LongKey POLICY_RAMP_MS = POLICY.longInteger("ramp_ms", 30_000, 0, DAY_MS);
    public static final LongKey POLICY_DEFAULT_MAX_TOKENS =
            POLICY.longInteger("default_max_tokens", 1_024, 1, 100_000_000L);
    public static final StringKey POLICY_TAG_HEADER = POLICY.string("tag_header", "x-llm-tags");
    public static final LongKey POLICY_MAX_WAIT_MS = POLICY.longInteger("max_wait_ms", 1_000, 0, DAY_MS);

    public static final ConfigSection AUTH = ROOT.mapping("auth");
    /** {@code auto}: a client key is required when any virtual key exists (or {@code server.api_keys} is set). */
    public static final ChoiceKey AUTH_REQUIRE_KEY = AUTH.choice("require_key", "auto", "auto", "true", "false");
    public static final ConfigSection AUTH_TEAMS = AUTH.listOf("teams");
    public static final StringKey TEAM_ID = AUTH_TEAMS.stringWithout("id", "required");
    public static final StringKey TEAM_NAME = AUTH_TEAMS.stringWithout("name", "none");
    public static final LongKey TEAM_RPM = AUTH_TEAMS.longInteger("rpm", 0, 0, 1_000_000_000L);
    public static final LongKey TEAM_TPM = AUTH_TEAMS.longInteger("tpm", 0, 0, 1_000_000_000_000L);
    public static final IntKey TEAM_MAX_PARALLEL = AUTH_TEAMS.integer("max_parallel", 0, 0, 1_000_000);
    public static final ConfigSection TEAM_BUDGET = AUTH_TEAMS.mapping("budget");
    /** 0: no budget. */
    public static final DoubleKey TEAM_BUDGET_USD = TEAM_BUDGET.number("usd", 0, 0, 1e12);
    public static final ChoiceKey TEAM_BUDGET_PERIOD = TEAM_BUDGET.choice("period", "month", "day", "month", "total");
    public static final StringMapKey TEAM_METADATA = AUTH_TEAMS.stringMap("metadata");
    public static final ConfigSection AUTH_VIRTUAL_KEYS = AUTH.listOf("virtual_keys");
    public static final StringKey VKEY_ID = AUTH_VIRTUAL_KEYS.stringWithout("id", "required");
    public static final StringKey VKEY_NAME = AUTH_VIRTUAL_KEYS.stringWithout("name", "none");
    public static final StringKey VKEY_KEY = AUTH_VIRTUAL_KEYS.stringWithout("key", "key or key_hash");
    public static final StringKey VKEY_KEY_HASH = AUTH_VIRTUAL_KEYS.stringWithout("key_hash", "key or key_hash");
    public static final StringKey VKEY_TEAM_ID = AUTH_VIRTUAL_KEYS.stringWithout("team_id", "none");
    /** Empty: every model. */
    public static final StringListKey VKEY_MODELS = AUTH_VIRTUAL_KEYS.stringList("models");
    public static final LongKey VKEY_RPM = AUTH_VIRTUAL_KEYS.longInteger("rpm", 0, 0, 1_000_000_000L);
    public static final LongKey VKEY_TPM = AUTH_VIRTUAL_KEYS.longInteger("tpm", 0, 0, 1_000_000_000_000L);
    public static final IntKey VKEY_MAX_PARALLEL = AUTH_VIRTUAL_KEYS.integer("max_parallel", 0, 0, 1_000_000);
    public static final ConfigSection VKEY_BUDGET = AUTH_VIRTUAL_KEYS.mapping("budget");
    /** 0: no budget. */
    public static final DoubleKey VKEY_BUDGET_USD = VKEY_BUDGET.number("usd", 0, 0, 1e12);
    public static final ChoiceKey VKEY_BUDGET_PERIOD = VKEY_BUDGET.choice("period", "month", "day", "month", "total");
    public static final StringKey VKEY_EXPIRES_AT = AUTH_VIRTUAL_KEYS.stringWithout("expires_at", "never");
    public static final StringMapKey VKEY_METADATA = AUTH_VIRTUAL_KEYS.stringMap("metadata");

    private ConfigKeys() {
    }

    private static StringKey endpointDefault(Endpoint endpoint) {
        return ENDPOINTS.stringWithout(endpoint.configName(), "none: the request must name a model");
    }

    /** The key of {@code endpoint} under {@code endpoints:}; null for an operation that always names a model. */
    public static StringKey endpointDefaultKey(Endpoint endpoint) {
        return switch (endpoint) {
            case IMAGES_GENERATIONS -> ENDPOINT_IMAGES_GENERATIONS;
            case IMAGES_EDITS -> ENDPOINT_IMAGES_EDITS;
            case AUDIO_SPEECH -> ENDPOINT_AUDIO_SPEECH;
            case AUDIO_TRANSCRIPTIONS -> ENDPOINT_AUDIO_TRANSCRIPTIONS;
            case AUDIO_TRANSLATIONS -> ENDPOINT_AUDIO_TRANSLATIONS;
            case MODERATIONS -> ENDPOINT_MODERATIONS;
            case FILES -> ENDPOINT_FILES;
            case BATCHES -> ENDPOINT_BATCHES;
            case RESPONSES -> ENDPOINT_RESPONSES;
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MESSAGES, MESSAGES_COUNT_TOKENS -> null;
        };
    }
}
