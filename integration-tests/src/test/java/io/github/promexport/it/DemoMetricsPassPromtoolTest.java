package io.github.promexport.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.promexport.deployment.Promtool;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DemoMetricsPassPromtoolTest {

    @Test
    void defaultExpositionPassesPromtoolWithoutWarnings() throws Exception {
        given().get("/hello").then().statusCode(200);
        given().get("/hello/ada").then().statusCode(200);

        String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();

        Promtool.Result result = Promtool.checkMetrics(exposition);
        assertEquals(0, result.exitCode(), () -> "promtool check metrics reported:\n" + result.output());
        assertTrue(exposition.contains("# HELP jvm_memory_used_bytes"), "JVM meters are exported");
        assertTrue(exposition.contains("# HELP process_cpu_usage"), "system meters are exported");
    }

    @Test
    void applicationMetersCarryTheCommonTag() {
        given().get("/hello").then().statusCode(200);
        String exposition = given().get("/q/metrics?name[]=demo_greetings_total&name[]=demo_queue_depth_items")
                .then().statusCode(200).extract().asString();
        assertTrue(exposition.matches("(?s).*demo_greetings_total\\{application=\"prometheus-export-demo\"} [1-9].*"),
                () -> "the greeting counter counts and carries the common tag:\n" + exposition);
        assertTrue(exposition.contains("demo_queue_depth_items{application=\"prometheus-export-demo\"} 0.0"),
                () -> "the application's MeterBinder bean is bound:\n" + exposition);
        assertTrue(!exposition.contains("jvm_"), () -> "name[] keeps only the families asked for:\n" + exposition);
    }
}
