package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.github.promexport.runtime.exporter.DedicatedExporter;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code fail-when-unavailable=false}, a range whose every port is busy gives one warning naming the busy
 * ports, and the application runs without the dedicated exporter.
 */
class ExhaustedPortRangeRunsOnWhenAllowedTest {

    private static final int FIRST = Ports.consecutive(ExhaustedPortRangeRunsOnWhenAllowedTest.class, 2, 0);
    private static final String RANGE = FIRST + "-" + (FIRST + 1);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Ports.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", RANGE)
            .overrideRuntimeConfigKey("quarkus.prometheus.export.fail-when-unavailable", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(DedicatedExporter.class.getName()))
            .assertLogRecords(records -> {
                List<String> warnings = records.stream()
                        .filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                        .map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
                assertEquals(List.of("quarkus.prometheus.export.port-range: no free port in \"" + RANGE
                        + "\" on 127.0.0.1: busy " + FIRST + " (Address already in use), " + (FIRST + 1)
                        + " (Address already in use). Widen the range or free one of its ports. Running without the"
                        + " dedicated exporter, as quarkus.prometheus.export.fail-when-unavailable=false"), warnings);
            });

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void runsWithoutTheExporter() {
        assertTrue(endpoint.url().isEmpty());
        assertTrue(endpoint.address().isEmpty());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("prometheus-exporter-")));
    }
}
