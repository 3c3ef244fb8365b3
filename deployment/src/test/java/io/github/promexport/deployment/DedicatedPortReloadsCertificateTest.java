package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * The certificate files are replaced and the TLS registry reloads them and fires {@link CertificateUpdatedEvent}
 * (what {@code quarkus.tls.<name>.reload-period} does on its timer): new connections to the exporter get the new
 * certificate without a restart.
 */
class DedicatedPortReloadsCertificateTest {

    private static final Path DIR = Path.of("target", "certs", DedicatedPortReloadsCertificateTest.class.getSimpleName());
    private static final TestCertificates.Generated FIRST = TestCertificates.generate(DIR, "first");
    private static final TestCertificates.Generated SECOND = TestCertificates.generate(DIR, "second");
    private static final Path SERVED_CERT = copy(FIRST.certPem(), DIR.resolve("served.crt"));
    private static final Path SERVED_KEY = copy(FIRST.keyPem(), DIR.resolve("served.key"));

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCertificates.class, TestCertificates.Generated.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "rotating")
            .overrideConfigKey("quarkus.tls.rotating.key-store.pem.0.cert", SERVED_CERT.toAbsolutePath().toString())
            .overrideConfigKey("quarkus.tls.rotating.key-store.pem.0.key", SERVED_KEY.toAbsolutePath().toString());

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Event<CertificateUpdatedEvent> certificateUpdated;

    private static Path copy(Path from, Path to) {
        try {
            return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void newConnectionsGetTheReloadedCertificate() throws Exception {
        URI metrics = endpoint.url().orElseThrow();
        SSLContext trustsFirst = TestCertificates.clientContext(List.of(FIRST.p12()), null);
        SSLContext trustsSecond = TestCertificates.clientContext(List.of(SECOND.p12()), null);
        assertEquals(200, TestCertificates.status(trustsFirst, metrics));
        assertThrows(IOException.class, () -> TestCertificates.status(trustsSecond, metrics));

        copy(SECOND.certPem(), SERVED_CERT);
        copy(SECOND.keyPem(), SERVED_KEY);
        TlsConfiguration rotating = registry.get("rotating").orElseThrow();
        assertTrue(rotating.reload(), "the registry reloads the replaced files");
        certificateUpdated.fire(new CertificateUpdatedEvent("rotating", rotating));

        // fire() returns once the server has taken the new options (the observer waits when off an event loop).
        int status = TestCertificates.status(trustsSecond, metrics);
        assertEquals(200, status, "the second certificate is served after the reload");
        assertThrows(IOException.class, () -> TestCertificates.status(trustsFirst, metrics),
                "the first one is no longer served");
    }
}
