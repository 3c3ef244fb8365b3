package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class UnknownTlsConfigurationFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "metrics-tls")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.tls-configuration-name: there is no TLS configuration named \"metrics-tls\""
                            + " in the Quarkus TLS registry: configure quarkus.tls.metrics-tls.key-store.* (PEM, PKCS12 or"
                            + " JKS), or fix the name. Example: quarkus.tls.metrics-tls.key-store.pem.0.cert=tls.crt and"
                            + " quarkus.tls.metrics-tls.key-store.pem.0.key=tls.key"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
