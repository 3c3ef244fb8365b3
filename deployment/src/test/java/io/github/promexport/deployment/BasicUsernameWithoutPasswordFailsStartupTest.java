package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class BasicUsernameWithoutPasswordFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.basic.username", "prometheus")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.auth.basic.username is set but quarkus.prometheus.export.auth.basic.password"
                            + " is not: HTTP Basic authentication needs both (remove"
                            + " quarkus.prometheus.export.auth.basic.username to turn it off). Example:"
                            + " quarkus.prometheus.export.auth.basic.username=prometheus and"
                            + " quarkus.prometheus.export.auth.basic.password=${METRICS_PASSWORD}"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
