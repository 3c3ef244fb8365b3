package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.exporter.ExporterUnavailableException;
import io.quarkus.test.QuarkusUnitTest;

/** A port held by another server fails startup, naming the key, the value and the busy port. */
class BusyPortFailsStartupTest {

    private static final int BUSY = Ports.consecutive(BusyPortFailsStartupTest.class, 1, 0);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.test-port", String.valueOf(BUSY))
            .assertException(StartupFailures.causedBy(ExporterUnavailableException.class,
                    "quarkus.prometheus.export.test-port: port " + BUSY + " on 127.0.0.1 is busy"
                            + " (Address already in use). Free the port, choose another one, or set"
                            + " quarkus.prometheus.export.port-range to take the first free port of a range;"
                            + " quarkus.prometheus.export.fail-when-unavailable=false starts the application without the"
                            + " dedicated exporter"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
