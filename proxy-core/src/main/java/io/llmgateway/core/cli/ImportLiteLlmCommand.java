package io.llmgateway.core.cli;

import io.llmgateway.core.cli.litellm.LiteLlmImport;
import io.llmgateway.core.cli.litellm.Unmapped;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code import-litellm FILE [-o OUT]}: converts a LiteLLM {@code config.yaml} (see
 * {@link LiteLlmImport}) and writes it to standard output or {@code OUT}; on standard error, each
 * setting that was not converted with its LiteLLM line, and a summary. Exit 0 when converted (even
 * with settings left out: they are listed), 1 when the file cannot be read or nothing converts.
 */
final class ImportLiteLlmCommand {

    private ImportLiteLlmCommand() {
    }

    static int run(Arguments args, PrintStream out, PrintStream err) throws UsageException {
        String file = args.positional();
        if (file == null) {
            throw new UsageException("import-litellm needs the LiteLLM config file: import-litellm config.yaml "
                    + "[-o llm-gateway.yaml]");
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("llm-gateway: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        LiteLlmImport.Result result;
        try {
            result = LiteLlmImport.convert(text, file);
        } catch (LiteLlmImport.ImportException e) {
            err.println("llm-gateway: " + e.getMessage());
            return 1;
        }
        String output = args.value(Option.OUTPUT);
        if (output == null) {
            out.print(result.yaml());
        } else if (!write(Path.of(output), result.yaml(), err)) {
            return 1;
        }
        for (Unmapped u : result.unmapped()) {
            err.println("not converted: " + u);
        }
        err.println("import-litellm: " + result.deployments() + " deployment(s) -> " + result.providers()
                + " provider(s), " + result.aliases() + " alias(es); " + result.unmapped().size()
                + " setting(s) not converted" + (output == null ? "" : "; written to " + output)
                + ". Check it with: llm-gateway validate " + (output == null ? "FILE" : output));
        return 0;
    }

    /** Writes through a temporary file and a rename, so that OUT is never left half-written. */
    private static boolean write(Path target, String yaml, PrintStream err) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".import-litellm", ".yaml");
            try {
                Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException e) {
            err.println("llm-gateway: cannot write " + target + ": " + e.getMessage());
            return false;
        }
    }
}
