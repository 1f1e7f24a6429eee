package io.llmgateway.bench.e2e;

import io.llmgateway.bench.deploy.DeployDir;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The container image's health check, {@code deploy/image/healthcheck.sh}, run against a gateway on loopback. */
final class DrainHealth {

    private DrainHealth() {
    }

    /** Whether the health check passes: {@code /health/ready} answers 200 on {@code port}. */
    static boolean ready(int port) {
        try {
            Process p = new ProcessBuilder("bash", DeployDir.path("image/healthcheck.sh").toString(),
                    Integer.toString(port)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("healthcheck.sh did not finish on port " + port);
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new AssertionError("cannot run healthcheck.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
