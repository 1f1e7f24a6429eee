/**
 * The command line of {@code java -jar llm-gateway.jar}: {@link io.llmgateway.core.cli.CommandLine}
 * parses the arguments strictly (an unknown option is an error, never ignored), answers
 * {@code --help} and {@code --version} without starting anything, sets up logging, and runs one
 * command class per command. The process lifecycle shared by {@code serve} and {@code demo}
 * (signals, reload, drain) is {@code GatewayRun}. The commands that call the admin API of a running
 * gateway ({@code keys}, {@code providers}, {@code reload}) go through {@code AdminClient} and print
 * {@code Table}s; {@code import-litellm} is in {@code cli.litellm}. Nothing here runs on an event loop.
 */
package io.llmgateway.core.cli;
