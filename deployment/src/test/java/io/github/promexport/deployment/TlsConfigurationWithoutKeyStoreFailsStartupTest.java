package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class TlsConfigurationWithoutKeyStoreFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "client-only")
            .overrideRuntimeConfigKey("quarkus.tls.client-only.trust-all", "true")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.export.tls-configuration-name: the TLS configuration \"client-only\" has no key"
                            + " store, so the exporter has no certificate to serve: configure"
                            + " quarkus.tls.client-only.key-store.* (PEM, PKCS12 or JKS). Example:"
                            + " quarkus.tls.client-only.key-store.pem.0.cert=tls.crt and"
                            + " quarkus.tls.client-only.key-store.pem.0.key=tls.key"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
