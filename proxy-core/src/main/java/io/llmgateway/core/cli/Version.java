package io.llmgateway.core.cli;

/**
 * The gateway's version, as the fat jar's manifest states it ({@code Implementation-Version},
 * written by the build from the project version).
 */
final class Version {

    private Version() {
    }

    /** {@code llm-gateway 0.1.0}, or {@code llm-gateway (version unknown: not run from the jar)}. */
    static String line() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "llm-gateway (version unknown: not run from the jar)" : "llm-gateway " + version;
    }
}
