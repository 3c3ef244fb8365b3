package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidSloValueFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.slo.\"http.server.requests\"", "50ms,fast")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.distribution.slo.\"http.server.requests\": \"fast\" is neither a number nor a"
                            + " duration. Use a duration such as 50ms, 2s or PT1S for a timer, a plain number for a"
                            + " distribution summary. Example: quarkus.prometheus.distribution.slo.\"http.server.requests\"=50ms"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
