package io.github.promexport.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics}, Prometheus's own linter, over an exposition. It exits 0 when the text
 * parses and has no lint warning (3 otherwise), such as a family without HELP text or a counter not ending in
 * {@code _total}. The one runner of the project: the integration tests use it through this module's test-jar.
 * {@code -Dpromtool=/path/to/promtool} overrides the one on the {@code PATH}.
 */
public final class Promtool {

    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        String promtool = System.getProperty("promtool", "promtool");
        Process process;
        try {
            process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not installed (" + e.getMessage() + "): install Debian's"
                    + " prometheus package (apt-get install -y prometheus) or pass -Dpromtool=/path/to/promtool", e);
        }
        try (var stdin = process.getOutputStream()) {
            stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
