package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Mutual TLS: a PKCS12 key store for the server, a PEM trust store holding Prometheus's client certificate, and
 * {@code tls-client-auth=required}. Only a client presenting that certificate gets an answer.
 */
class DedicatedPortRequiresClientCertificateTest {

    private static final Path DIR = Path.of("target", "certs",
            DedicatedPortRequiresClientCertificateTest.class.getSimpleName());
    private static final TestCertificates.Generated SERVER = TestCertificates.generate(DIR, "server");
    private static final TestCertificates.Generated CLIENT = TestCertificates.generate(DIR, "prometheus");
    private static final TestCertificates.Generated STRANGER = TestCertificates.generate(DIR, "stranger");

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCertificates.class, TestCertificates.Generated.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "mtls")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-client-auth", "required")
            .overrideConfigKey("quarkus.tls.mtls.key-store.p12.path", SERVER.p12().toAbsolutePath().toString())
            .overrideConfigKey("quarkus.tls.mtls.key-store.p12.password", TestCertificates.PASSWORD)
            .overrideConfigKey("quarkus.tls.mtls.trust-store.pem.certs", CLIENT.certPem().toAbsolutePath().toString());

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Event<CertificateUpdatedEvent> certificateUpdated;

    @Test
    void theTrustedClientCertificateIsServed() throws IOException {
        assertEquals(200, TestCertificates.status(TestCertificates.clientContext(List.of(SERVER.p12()), CLIENT.p12()),
                endpoint.url().orElseThrow()));
    }

    @Test
    void aClientWithoutCertificateIsRefused() {
        SSLContext anonymous = TestCertificates.clientContext(List.of(SERVER.p12()), null);
        assertThrows(IOException.class, () -> TestCertificates.status(anonymous, endpoint.url().orElseThrow()));
        assertThrows(IOException.class,
                () -> TestCertificates.status(anonymous, endpoint.url().orElseThrow().resolve("/-/healthy")));
    }

    @Test
    void anUntrustedClientCertificateIsRefused() {
        SSLContext stranger = TestCertificates.clientContext(List.of(SERVER.p12()), STRANGER.p12());
        assertThrows(IOException.class, () -> TestCertificates.status(stranger, endpoint.url().orElseThrow()));
    }

    @Test
    void aReloadKeepsRequiringTheClientCertificate() throws Exception {
        TlsConfiguration mtls = registry.get("mtls").orElseThrow();
        assertTrue(mtls.reload());
        certificateUpdated.fire(new CertificateUpdatedEvent("mtls", mtls));
        // fire() returns once the server has taken the reloaded options (the observer waits off an event loop).
        SSLContext anonymous = TestCertificates.clientContext(List.of(SERVER.p12()), null);
        assertThrows(IOException.class, () -> TestCertificates.status(anonymous, endpoint.url().orElseThrow()));
        assertEquals(200, TestCertificates.status(TestCertificates.clientContext(List.of(SERVER.p12()), CLIENT.p12()),
                endpoint.url().orElseThrow()));
    }
}
