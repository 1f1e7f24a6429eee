package io.llmgateway.core.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code reload}: {@code POST /reload}. The gateway reloads its config from where it read it; an
 * invalid one is refused with its problems (printed, exit 1) and the running config stays.
 */
final class ReloadCommand {

    private ReloadCommand() {
    }

    static void run(AdminClient client, boolean json, PrintStream out) throws AdminCallException, InterruptedException {
        AdminAnswer answer = client.post("/reload");
        if (json) {
            out.println(answer.text());
            return;
        }
        Map<String, Object> reloaded = answer.json();
        if (reloaded.get("warnings") instanceof Iterable<?> warnings) {
            for (Object w : warnings) {
                out.println("warning: " + w);
            }
        }
        out.println("Reloaded: config version " + Cells.text(reloaded.get("version"))
                + (reloaded.get("source") == null ? "" : " from " + reloaded.get("source")) + ".");
    }
}
