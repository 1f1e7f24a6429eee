package io.llmgateway.core;

import io.llmgateway.core.cli.CommandLine;

/**
 * The jar's entry point; the command line itself is {@link CommandLine}.
 *
 * <pre>
 *   java -jar llm-gateway.jar demo
 *   java -jar llm-gateway.jar serve --config config.yaml
 *   java -jar llm-gateway.jar --help
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(CommandLine.run(args, System.out, System.err));
    }
}
