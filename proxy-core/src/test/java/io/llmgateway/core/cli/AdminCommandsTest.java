package io.llmgateway.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API commands against a local server answering the contract's shapes: the request each
 * sends (method, path, bearer key, body) and what each prints.
 */
class AdminCommandsTest {

    private static final String ADMIN_KEY = "adm-very-secret-key";
    private static final String KEY_OBJECT = """
            {"id":"vk_1","name":"ci-bot","team_id":"research","models":["gpt-4o","claude"],"rpm":60,"tpm":100000,
             "max_parallel":4,"budget":{"usd":50.0,"period":"day"},"spend_usd":1.5,
             "expires_at":"2999-01-01T00:00:00Z","metadata":{"owner":"ann"},"created_at":"2026-12-07T10:00:00Z",
             "revoked":false,"source":"api"}""";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeAdminApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeAdminApi();
    }

    @AfterEach
    void stop() {
        api.close();
        assertThat(out() + err()).as("the admin key is never printed").doesNotContain(ADMIN_KEY);
    }

    private int run(String... args) throws InterruptedException {
        return run(Map.of("LLM_GATEWAY_URL", api.url(), "LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY), args);
    }

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return CommandLine.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keysCreateSendsTheBodyOfItsOptionsAndPrintsTheKeyOnceWithAWarning() throws Exception {
        api.answer("POST", "/admin/v1/virtual-keys", 201, KEY_OBJECT.replace("{\"id\"", "{\"key\":\"sk-gw-new\",\"id\""));
        assertThat(run("keys", "create", "--name", "ci-bot", "--team", "research", "--models", "gpt-4o, claude",
                "--rpm", "60", "--tpm=100000", "--max-parallel", "4", "--budget-usd", "50", "--budget-period", "day",
                "--expires", "2027-01-01", "--meta", "owner=ann", "--meta", "env=ci")).as(err()).isZero();

        FakeAdminApi.Received r = api.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/admin/v1/virtual-keys");
        assertThat(r.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo("{\"name\":\"ci-bot\",\"team_id\":\"research\",\"models\":[\"gpt-4o\",\"claude\"],"
                + "\"rpm\":60,\"tpm\":100000,\"max_parallel\":4,\"budget\":{\"usd\":50.0,\"period\":\"day\"},"
                + "\"expires_at\":\"2027-01-01T00:00:00Z\",\"metadata\":{\"owner\":\"ann\",\"env\":\"ci\"}}");

        assertThat(out()).contains("Created virtual key vk_1 (ci-bot):\n\n  sk-gw-new\n\n")
                .contains("Store this key now: it is shown only this once")
                .contains("vk_1  ci-bot  research  gpt-4o,claude");
        assertThat(err()).isEmpty();
    }

    @Test
    void keysCreateWithoutOptionsSendsAnEmptyObjectAndABudgetDefaultsToAMonth() throws Exception {
        api.answer("POST", "/admin/v1/virtual-keys", 201, "{\"id\":\"vk_2\",\"key\":\"sk-gw-2\"}");
        assertThat(run("keys", "create")).isZero();
        assertThat(api.only().body()).isEqualTo("{}");
        assertThat(run("keys", "create", "--budget-usd", "$12.5")).isZero();
        assertThat(api.received().get(1).body()).isEqualTo("{\"budget\":{\"usd\":12.5,\"period\":\"month\"}}");
    }

    @Test
    void keysCreateRefusesBadOptionsBeforeSendingAnything() throws Exception {
        assertThat(run("keys", "create", "--rpm", "lots")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--rpm: 'lots' is not a whole number (expected: >= 1");
        assertThat(run("keys", "create", "--expires", "next week")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--expires: 'next week' is not a date or time (expected: 2027-01-01");
        assertThat(run("keys", "create", "--budget-period", "day")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--budget-period needs --budget-usd");
        assertThat(run("keys", "create", "--budget-usd", "5", "--budget-period", "week"))
                .isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--budget-period: 'week' is not a budget period (expected one of: day, month, total)");
        assertThat(run("keys", "create", "--meta", "novalue")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--meta: 'novalue' is not KEY=VALUE");
        assertThat(run("keys", "create", "--models", "a,,b")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(api.received()).isEmpty();
    }

    @Test
    void keysCreateWithJsonPrintsTheAnswerAsItIsAndWarnsOnStandardError() throws Exception {
        String answer = "{\"id\":\"vk_3\",\"key\":\"sk-gw-3\"}";
        api.answer("POST", "/admin/v1/virtual-keys", 201, answer);
        assertThat(run("keys", "create", "--json")).isZero();
        assertThat(out()).isEqualTo(answer + "\n");
        assertThat(err()).contains("shown only this once");
    }

    @Test
    void keysListPrintsAnAlignedTable() throws Exception {
        api.answer("GET", "/admin/v1/virtual-keys", 200, "{\"data\":[" + KEY_OBJECT + ","
                + "{\"id\":\"vk_22\",\"name\":null,\"team_id\":null,\"models\":[],\"rpm\":null,\"tpm\":null,"
                + "\"max_parallel\":null,\"budget\":null,\"spend_usd\":0,\"expires_at\":\"2020-01-01T00:00:00Z\","
                + "\"metadata\":{},\"created_at\":\"2026-12-07T10:00:00Z\",\"revoked\":false,\"source\":\"config\"},"
                + "{\"id\":\"vk_333\",\"name\":\"old\",\"revoked\":true,\"source\":\"api\"}]}");
        assertThat(run("keys", "list")).isZero();
        FakeAdminApi.Received r = api.only();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/admin/v1/virtual-keys");
        assertThat(r.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(out()).isEqualTo(String.join("\n",
                "ID      NAME    TEAM      MODELS         RPM     TPM  PARALLEL  BUDGET      SPEND  EXPIRES               "
                        + "STATUS   SOURCE",
                "vk_1    ci-bot  research  gpt-4o,claude   60  100000         4  $50.00/day  $1.50  2999-01-01T00:00:00Z  "
                        + "active   api",
                "vk_22   -       -         all              -       -         -  -           $0.00  2020-01-01T00:00:00Z  "
                        + "expired  config",
                "vk_333  old     -         all              -       -         -  -               -  -                     "
                        + "revoked  api",
                ""));
    }

    @Test
    void keysListOfNoKeysSaysSo() throws Exception {
        api.answer("GET", "/admin/v1/virtual-keys", 200, "{\"data\":[]}");
        assertThat(run("keys", "list")).isZero();
        assertThat(out()).isEqualTo("No virtual keys (keys create makes one).\n");
    }

    @Test
    void keysRevokeDeletesTheKeyByItsId() throws Exception {
        api.answer("DELETE", "/admin/v1/virtual-keys/vk_1", 200, "{\"id\":\"vk_1\",\"revoked\":true}");
        assertThat(run("keys", "revoke", "vk_1")).isZero();
        FakeAdminApi.Received r = api.only();
        assertThat(r.method()).isEqualTo("DELETE");
        assertThat(r.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(out()).isEqualTo("Revoked virtual key vk_1: requests that send it get 401 from now on.\n");
    }

    @Test
    void keysRevokeNeedsAnIdAndAnUnknownOneIsTheApisNotFound() throws Exception {
        assertThat(run("keys", "revoke")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("keys revoke needs the ID of the key to revoke");
        err.reset();
        api.answer("DELETE", "/admin/v1/virtual-keys/vk%2F9", 404, "{\"error\":{\"message\":\"virtual key 'vk/9' "
                + "does not exist\",\"type\":\"invalid_request_error\",\"param\":\"id\",\"code\":\"not_found\"}}");
        assertThat(run("keys", "revoke", "vk/9")).isEqualTo(1);
        assertThat(api.only().path()).isEqualTo("/admin/v1/virtual-keys/vk%2F9");
        assertThat(err()).isEqualTo("llm-gateway: DELETE /admin/v1/virtual-keys/vk%2F9: 404 not_found: virtual key "
                + "'vk/9' does not exist (param: id)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void providersPrintsEveryKeyWithItsStateUsageAndLatency() throws Exception {
        api.answer("GET", "/admin/v1/providers", 200, """
                {"data":[{"id":"openai","type":"openai","base_url":"https://api.openai.com/v1","keys":[
                  {"id":"oa-1","enabled":true,"state":"healthy","cooldown_until":null,"rpm":{"used":12,"limit":500},
                   "tpm":{"used":3400,"limit":100000},"in_flight":2,"latency_ms":{"p50":120.4,"p90":300,"p99":840.6},
                   "ttft_ms":{"p50":80,"p90":90,"p99":150},"error_rate":0.0125},
                  {"id":"oa-2","enabled":true,"state":"cooling_down","cooldown_until":"2026-12-07T10:00:05Z",
                   "rpm":{"used":3,"limit":0},"tpm":{"used":0,"limit":0},"in_flight":0,"latency_ms":null,
                   "ttft_ms":null,"error_rate":1}]},
                 {"id":"claude","type":"anthropic","base_url":"https://api.anthropic.com/v1","keys":[
                  {"id":"cl-1","enabled":false,"state":"disabled","cooldown_until":null,"rpm":{"used":0,"limit":100},
                   "tpm":{"used":0,"limit":0},"in_flight":0,"latency_ms":{"p50":null},"ttft_ms":null,"error_rate":0}]}]}
                """);
        assertThat(run("providers")).isZero();
        assertThat(api.only().path()).isEqualTo("/admin/v1/providers");
        assertThat(out()).isEqualTo(String.join("\n",
                "PROVIDER  TYPE       KEY   ENABLED  STATE                                       RPM          TPM  "
                        + "IN FLIGHT  LATENCY MS p50/p99  TTFT MS p50/p99  ERRORS",
                "openai    openai     oa-1  yes      healthy                                  12/500  3400/100000  "
                        + "        2             120/841           80/150    1.3%",
                "openai    openai     oa-2  yes      cooling_down until 2026-12-07T10:00:05Z       3            0  "
                        + "        0                   -                -  100.0%",
                "claude    anthropic  cl-1  no       disabled                                  0/100            0  "
                        + "        0                   -                -    0.0%",
                ""));
    }

    @Test
    void reloadPrintsTheNewVersionAndItsWarnings() throws Exception {
        api.answer("POST", "/admin/v1/reload", 200, "{\"reloaded\":true,\"version\":4,\"source\":\"/etc/gw.yaml\","
                + "\"warnings\":[\"providers[0].keys[1].secret (line 9): ${K2} is not set\"]}");
        assertThat(run("reload")).isZero();
        FakeAdminApi.Received r = api.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.body()).isEmpty();
        assertThat(out()).isEqualTo("warning: providers[0].keys[1].secret (line 9): ${K2} is not set\n"
                + "Reloaded: config version 4 from /etc/gw.yaml.\n");
    }

    @Test
    void aRefusedReloadPrintsTheErrorAndEveryProblemAndExitsOne() throws Exception {
        api.answer("POST", "/admin/v1/reload", 400, "{\"error\":{\"message\":\"the config has 2 problems; the running "
                + "one stays\",\"type\":\"invalid_request_error\",\"param\":\"providers[0].keys[1].id\","
                + "\"code\":\"invalid_config\"},\"problems\":[\"providers[0].keys[1].id: duplicate\","
                + "\"model_aliases.x: unknown provider 'p'\"]}");
        assertThat(run("reload")).isEqualTo(1);
        assertThat(err()).isEqualTo("llm-gateway: POST /admin/v1/reload: 400 invalid_config: the config has 2 problems; "
                + "the running one stays (param: providers[0].keys[1].id)\n"
                + "  - providers[0].keys[1].id: duplicate\n"
                + "  - model_aliases.x: unknown provider 'p'\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aWrongAdminKeyIsOneLineOnStandardErrorAndExitOne() throws Exception {
        api.answer("GET", "/admin/v1/providers", 401, "{\"error\":{\"message\":\"Incorrect admin key provided: "
                + ADMIN_KEY + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertThat(run("providers")).isEqualTo(1);
        assertThat(err()).isEqualTo("llm-gateway: GET /admin/v1/providers: 401 invalid_api_key: Incorrect admin key "
                + "provided: [redacted]\n");
    }

    @Test
    void anAdminApiThatIsOffSaysHowToTurnItOn() throws Exception {
        assertThat(run("keys", "list")).isEqualTo(1);
        assertThat(err()).contains("404 unknown_url").contains("server.admin_api_key set");
    }

    @Test
    void anAnswerThatIsNotJsonIsQuoted() throws Exception {
        api.answer("GET", "/admin/v1/providers", 502, "<html>Bad Gateway</html>");
        assertThat(run("providers")).isEqualTo(1);
        assertThat(err()).isEqualTo("llm-gateway: GET /admin/v1/providers: HTTP 502: <html>Bad Gateway</html>\n");
    }

    @Test
    void aGatewayThatIsNotRunningIsSaidClearly() throws Exception {
        String url = api.url();
        api.close();
        assertThat(run(Map.of("LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY), "providers", "--url", url)).isEqualTo(1);
        assertThat(err()).isEqualTo("llm-gateway: cannot connect to the gateway at " + url + ": connection refused (is "
                + "it running, and is --url or $LLM_GATEWAY_URL right?)\n");
    }

    @Test
    void optionsWinOverTheEnvironment() throws Exception {
        api.answer("GET", "/admin/v1/virtual-keys", 200, "{\"data\":[]}");
        Map<String, String> env = new HashMap<>();
        env.put("LLM_GATEWAY_URL", "http://127.0.0.1:1");
        env.put("LLM_GATEWAY_ADMIN_KEY", "from-env");
        assertThat(run(env, "keys", "list", "--url", api.url() + "/", "--admin-key", ADMIN_KEY)).as(err()).isZero();
        assertThat(api.only().authorization()).isEqualTo("Bearer " + ADMIN_KEY);
    }

    @Test
    void withoutAnAdminKeyOrWithABadUrlNothingIsSent() throws Exception {
        assertThat(run(Map.of("LLM_GATEWAY_URL", api.url()), "keys", "list")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("keys list calls the admin API, which needs its key: give --admin-key KEY or set "
                + "$LLM_GATEWAY_ADMIN_KEY");
        assertThat(run("providers", "--url", "ftp://x")).isEqualTo(CommandLine.USAGE_ERROR);
        assertThat(err()).contains("--url: 'ftp://x' is not the gateway's base URL");
        assertThat(api.received()).isEmpty();
    }

    @Test
    void jsonPrintsListsAsReceived() throws Exception {
        String providers = "{\"data\":[{\"id\":\"openai\",\"keys\":[]}]}";
        api.answer("GET", "/admin/v1/providers", 200, providers);
        assertThat(run("providers", "--json")).isZero();
        assertThat(out()).isEqualTo(providers + "\n");
    }
}
