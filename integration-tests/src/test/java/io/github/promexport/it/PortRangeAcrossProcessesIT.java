package io.github.promexport.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several processes of the packaged demo on one host share one port range: each takes its own port, an exhausted
 * range fails startup clearly, and the lenient setting runs on without the exporter.
 */
class PortRangeAcrossProcessesIT {

    private final List<DemoProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (DemoProcess process : processes) {
            process.close();
        }
    }

    @Test
    void threeProcessesStartedTogetherTakeThreeDifferentPortsOfTheRange() throws Exception {
        int first = DemoProcess.freePortBlock(3);
        String range = first + "-" + (first + 2);
        for (int i = 0; i < 3; i++) {
            processes.add(DemoProcess.start("range-" + i, Map.of(
                    "quarkus.prometheus.export.port-range", range,
                    "quarkus.prometheus.export.address", "127.0.0.1")));
        }
        Set<Integer> ports = new TreeSet<>();
        for (DemoProcess process : processes) {
            assertTrue(process.awaitStarted(Duration.ofSeconds(60)), () -> "did not start:\n" + logOf(process));
            int port = process.exporterPort();
            assertTrue(port >= first && port <= first + 2, "port " + port + " is outside " + range);
            ports.add(port);
            given().get(process.exporterUrl()).then().statusCode(200)
                    .body(containsString("# TYPE jvm_threads_live_threads gauge"));
        }
        assertEquals(Set.of(first, first + 1, first + 2), ports, "each process has its own port");

        DemoProcess fourth = DemoProcess.start("range-exhausted", Map.of(
                "quarkus.prometheus.export.port-range", range,
                "quarkus.prometheus.export.address", "127.0.0.1"));
        processes.add(fourth);
        assertFalse(fourth.awaitStarted(Duration.ofSeconds(60)), "a process with no free port in the range must not start");
        assertNotEquals(0, fourth.awaitExit(Duration.ofSeconds(30)));
        String log = fourth.log();
        assertTrue(log.contains("quarkus.prometheus.export.port-range"), () -> "the error names the key:\n" + log);
        assertTrue(log.contains(range), () -> "the error names the range:\n" + log);
        assertTrue(log.contains(String.valueOf(first + 1)), () -> "the error names the busy ports:\n" + log);

        DemoProcess lenient = DemoProcess.start("range-lenient", Map.of(
                "quarkus.prometheus.export.port-range", range,
                "quarkus.prometheus.export.address", "127.0.0.1",
                "quarkus.prometheus.export.fail-when-unavailable", "false"));
        processes.add(lenient);
        assertTrue(lenient.awaitStarted(Duration.ofSeconds(60)), () -> "the lenient process runs on:\n" + logOf(lenient));
        assertTrue(lenient.log().contains("WARN"), () -> "it warns that the exporter is off:\n" + logOf(lenient));
        given().get(lenient.httpUrl() + "/q/metrics").then().statusCode(200);

        for (DemoProcess process : processes) {
            process.close();
        }
        for (int port : ports) {
            assertTrue(DemoProcess.canBind(port), "port " + port + " is released when its process stops");
        }
    }

    private static String logOf(DemoProcess process) {
        try {
            return process.log();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
