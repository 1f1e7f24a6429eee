package io.llmgateway.core.cli;

import java.io.PrintStream;

/** {@code keys revoke ID}: {@code DELETE /virtual-keys/{id}}. */
final class KeysRevokeCommand {

    private KeysRevokeCommand() {
    }

    static void run(String id, AdminClient client, boolean json, PrintStream out)
            throws AdminCallException, InterruptedException {
        AdminAnswer answer = client.delete("/virtual-keys/" + AdminClient.segment(id));
        if (json) {
            out.println(answer.text());
            return;
        }
        out.println("Revoked virtual key " + Cells.text(answer.json().getOrDefault("id", id))
                + ": requests that send it get 401 from now on.");
    }
}
