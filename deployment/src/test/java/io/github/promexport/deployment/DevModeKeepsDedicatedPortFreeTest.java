package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * Dev mode restarts the application inside the same JVM: the dedicated port is never bound there, the metrics
 * stay on the main route, before and after a live reload, and one INFO line says so.
 */
class DevModeKeepsDedicatedPortFreeTest {

    private static final int PORT = Ports.consecutive(DevModeKeepsDedicatedPortFreeTest.class, 0, 2);
    private static final int HTTP_PORT = PORT + 1;
    private static final URI METRICS = URI.create("http://localhost:" + HTTP_PORT + "/q/metrics");

    @RegisterExtension
    static final QuarkusDevModeTest dev = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(
                    "quarkus.http.port=" + HTTP_PORT + "\nquarkus.prometheus.export.port=" + PORT + "\n"),
                    "application.properties"))
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.github.promexport"));

    @Test
    void servesOnTheMainRouteAndLeavesThePortFreeAcrossReloads() throws IOException {
        HttpResponse<String> before = Http.get(METRICS, Duration.ofSeconds(10));
        assertEquals(200, before.statusCode());
        assertTrue(before.body().contains("jvm_threads_live_threads"));
        assertTrue(Ports.isFree(PORT), "port " + PORT + " must stay free in dev mode");
        assertEquals(List.of("Dedicated Prometheus exporter (quarkus.prometheus.export.port) is off in dev mode:"
                + " metrics are served at " + METRICS), infoLines());

        dev.clearLogRecords();
        dev.modifyResourceFile("application.properties", properties -> properties + "quarkus.prometheus.tags.reloaded=yes\n");

        HttpResponse<String> after = Http.get(METRICS, Duration.ofSeconds(30));
        assertEquals(200, after.statusCode());
        assertTrue(after.body().contains("reloaded=\"yes\""), "the application was reloaded");
        assertTrue(Ports.isFree(PORT), "port " + PORT + " must stay free after a live reload");
        assertEquals(1, infoLines().size());
    }

    private static List<String> infoLines() {
        return dev.getLogRecords().stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue())
                .map(DevModeKeepsDedicatedPortFreeTest::format).toList();
    }

    private static String format(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }
}
