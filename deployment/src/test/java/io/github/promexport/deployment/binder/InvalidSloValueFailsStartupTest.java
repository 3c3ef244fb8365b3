package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidSloValueFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.slo.\"http.server.requests\"", "50ms,fast")
            .assertException(e -> {
                Throwable cause = e;
                while (cause != null && !(cause instanceof ConfigurationException)) {
                    cause = cause.getCause();
                }
                if (cause == null
                        || !cause.getMessage().contains("quarkus.prometheus.distribution.slo.\"http.server.requests\"")
                        || !cause.getMessage().contains("\"fast\"")) {
                    fail("expected a ConfigurationException naming the key and the value", e);
                }
            });

    @Test
    void startupFails() {
        fail("startup should have failed");
    }
}
