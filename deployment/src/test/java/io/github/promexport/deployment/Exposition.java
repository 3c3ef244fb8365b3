package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one helper to read an exposition in assertions: scrape the main route, pick families, sample lines and
 * values. Tests that read it inside the application add it to the application root.
 */
public final class Exposition {

    private Exposition() {
    }

    /** A GET of {@code /q/metrics} on the main port that must answer 200, the body as text. */
    public static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The metric family names declared by {@code # TYPE} lines, in order. */
    public static Set<String> families(String body) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }

    /** The sample lines (everything that is not a comment or blank). */
    public static List<String> samples(String body) {
        List<String> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(line);
            }
        }
        return samples;
    }

    /** The sample lines of one name (exactly, or followed by labels) that contain every fragment. */
    public static List<String> samples(String body, String name, String... fragments) {
        return body.lines()
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

    /** The value of a sample line. */
    public static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf(' ') + 1));
    }
}
