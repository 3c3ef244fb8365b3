package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.exporter.ExporterUnavailableException;
import io.quarkus.test.QuarkusUnitTest;

/** A range whose every port is held by another server fails startup, listing the busy ports. */
class ExhaustedPortRangeFailsStartupTest {

    private static final int FIRST = Ports.consecutive(ExhaustedPortRangeFailsStartupTest.class, 2, 0);
    private static final String RANGE = FIRST + "-" + (FIRST + 1);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", RANGE)
            .assertException(StartupFailures.causedBy(ExporterUnavailableException.class,
                    "quarkus.prometheus.export.port-range: no free port in \"" + RANGE + "\" on 127.0.0.1: busy " + FIRST
                            + " (Address already in use), " + (FIRST + 1) + " (Address already in use). Widen the range"
                            + " or free one of its ports; quarkus.prometheus.export.fail-when-unavailable=false starts the"
                            + " application without the dedicated exporter"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
