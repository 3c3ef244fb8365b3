package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidPortFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "70000")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.port: 70000 is not a valid port: use 1 to 65535, or 0 for a random free"
                            + " port. Example: quarkus.prometheus.export.port=9400"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
