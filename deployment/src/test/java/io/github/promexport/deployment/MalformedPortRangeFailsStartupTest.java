package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class MalformedPortRangeFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", "9400:9450")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.port-range: \"9400:9450\" is not a valid range: write it as first-last,"
                            + " two ports joined by '-'. Example: 9400-9450"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
