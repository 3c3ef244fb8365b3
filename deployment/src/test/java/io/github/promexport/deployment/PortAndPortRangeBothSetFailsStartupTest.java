package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class PortAndPortRangeBothSetFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", "9400-9450")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.port and quarkus.prometheus.export.port-range are both set (9400 and"
                            + " \"9400-9450\"): set only one of them. Example: quarkus.prometheus.export.port=9400 for one"
                            + " process per host, or quarkus.prometheus.export.port-range=9400-9450 for several"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
