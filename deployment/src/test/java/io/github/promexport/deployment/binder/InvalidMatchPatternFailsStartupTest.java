package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidMatchPatternFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.match-patterns", "/item/[0-9+=/item/{id}")
            .assertException(e -> {
                Throwable cause = e;
                while (cause != null && !(cause instanceof ConfigurationException)) {
                    cause = cause.getCause();
                }
                if (cause == null || !cause.getMessage().contains("quarkus.prometheus.binder.http-server.match-patterns")
                        || !cause.getMessage().contains("/item/[0-9+")) {
                    fail("expected a ConfigurationException naming the key and the regex", e);
                }
            });

    @Test
    void startupFails() {
        fail("startup should have failed");
    }
}
