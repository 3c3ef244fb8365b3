package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidCommonTagKeyFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.tags.\"1bad\"", "x")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.tags.\"1bad\": \"1bad\" is not a valid Prometheus label name: use letters, digits"
                            + " and '_', do not start with a digit or with '__'. Example:"
                            + " quarkus.prometheus.tags.\"region\"=eu-west"));

    @Test
    void startupFails() {
        fail("The application should not have started");
    }
}
