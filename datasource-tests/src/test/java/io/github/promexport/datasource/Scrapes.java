package io.github.promexport.datasource;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.promexport.deployment.Promtool;

/** Scrapes of the route and of the dedicated port, and the value of one series. */
final class Scrapes {

    private Scrapes() {
    }

    static String get(String url) {
        return given().get(url).then().statusCode(200).extract().asString();
    }

    static void assertPromtoolClean(String exposition) throws Exception {
        Promtool.Result result = Promtool.checkMetrics(exposition);
        assertEquals(0, result.exitCode(), () -> "promtool check metrics reported:\n" + result.output());
    }

    /** The value of the one sample of this series (name and labels as written), or fails. */
    static double value(String exposition, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + exposition);
        }
        double value = Double.parseDouble(matcher.group(1));
        if (matcher.find()) {
            throw new AssertionError("two samples " + series + " in:\n" + exposition);
        }
        return value;
    }
}
