package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class ReversedPortRangeFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", "8050-8001")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.port-range: \"8050-8001\" is not a valid range: the first port must not"
                            + " be greater than the last. Example: 8001-8050"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
