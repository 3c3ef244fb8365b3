package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Scrapes /q/metrics and picks sample lines; runs promtool over an exposition. */
final class Exposition {

    private Exposition() {
    }

    static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample lines of a family (name exactly, or name followed by labels) that contain every fragment. */
    static List<String> samples(String exposition, String name, String... fragments) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> {
                    for (String fragment : fragments) {
                        if (!line.contains(fragment)) {
                            return false;
                        }
                    }
                    return true;
                })
                .collect(Collectors.toList());
    }

    static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf(' ') + 1));
    }

    record PromtoolResult(int exitCode, String output) {
    }

    /**
     * {@code promtool check metrics}: exit 0 when the text parses and has no lint warning (exit 3 otherwise).
     */
    static PromtoolResult promtool(String exposition) throws IOException, InterruptedException {
        String promtool = System.getProperty("promtool", "promtool");
        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 60 s");
        }
        return new PromtoolResult(process.exitValue(), output);
    }
}
