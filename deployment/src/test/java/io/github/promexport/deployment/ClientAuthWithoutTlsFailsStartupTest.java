package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class ClientAuthWithoutTlsFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-client-auth", "required")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.tls-client-auth=required needs HTTPS, but"
                            + " quarkus.prometheus.export.tls-configuration-name is not set: name a TLS configuration with a"
                            + " key store and a trust store, or remove quarkus.prometheus.export.tls-client-auth. Example:"
                            + " quarkus.prometheus.export.tls-configuration-name=metrics-tls"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
