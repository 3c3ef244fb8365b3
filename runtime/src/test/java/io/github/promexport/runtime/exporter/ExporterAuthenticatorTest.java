package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.quarkus.runtime.configuration.ConfigurationException;

class ExporterAuthenticatorTest {

    private static final String METRICS = "/metrics";
    private static final String HEALTHY = "/-/healthy";

    record Basic(Optional<String> username, Optional<String> password) implements PrometheusExportConfig.Basic {
    }

    record Auth(PrometheusExportConfig.Basic basic, Optional<String> bearerToken, boolean protectHealth)
            implements
                PrometheusExportConfig.Auth {
    }

    static PrometheusExportConfig.Auth auth(String username, String password, String token, boolean protectHealth) {
        return new Auth(new Basic(Optional.ofNullable(username), Optional.ofNullable(password)),
                Optional.ofNullable(token), protectHealth);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsEveryRequestIsServed() {
        ExporterAuthenticator open = ExporterAuthenticator.fromConfig(auth(null, null, null, true));
        assertSame(ExporterAuthenticator.open(), open);
        assertFalse(open.enabled());
        assertTrue(open.permits(METRICS, null));
        assertTrue(open.permits(METRICS, "Basic garbage"));
        assertEquals(List.of(), open.challenges());
    }

    @Test
    void basicAcceptsOnlyTheConfiguredUserAndPassword() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth("prometheus", "s3cret:with colon", null, false));
        assertTrue(auth.permits(METRICS, basic("prometheus:s3cret:with colon")));
        assertTrue(auth.permits(METRICS, "basic " + basic("prometheus:s3cret:with colon").substring(6)),
                "the scheme is case-insensitive");
        assertTrue(auth.permits(METRICS, "Basic   " + basic("prometheus:s3cret:with colon").substring(6) + " "),
                "whitespace around the credentials is allowed");
        assertFalse(auth.permits(METRICS, null));
        assertFalse(auth.permits(METRICS, ""));
        assertFalse(auth.permits(METRICS, "Basic"));
        assertFalse(auth.permits(METRICS, "Basic "));
        assertFalse(auth.permits(METRICS, basic("prometheus:s3cret")));
        assertFalse(auth.permits(METRICS, basic("prometheus:s3cret:with colonX")));
        assertFalse(auth.permits(METRICS, basic("Prometheus:s3cret:with colon")));
        assertFalse(auth.permits(METRICS, basic("prometheus")));
        assertFalse(auth.permits(METRICS, basic(":")));
        assertFalse(auth.permits(METRICS, "Basic !!!not-base64!!!"));
        assertFalse(auth.permits(METRICS, "Bearer s3cret:with colon"), "bearer tokens are off");
        assertEquals(List.of("Basic realm=\"prometheus-export\", charset=\"UTF-8\""), auth.challenges());
    }

    @Test
    void basicComparesUtf8Bytes() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth("zoë", "pässwörd", null, false));
        assertTrue(auth.permits(METRICS, basic("zoë:pässwörd")));
        String latin1 = "Basic " + Base64.getEncoder().encodeToString("zoë:pässwörd".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(auth.permits(METRICS, latin1));
    }

    @Test
    void bearerAcceptsOnlyTheConfiguredToken() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth(null, null, "tok-123", false));
        assertTrue(auth.permits(METRICS, "Bearer tok-123"));
        assertTrue(auth.permits(METRICS, "bearer tok-123"));
        assertFalse(auth.permits(METRICS, "Bearer tok-1234"));
        assertFalse(auth.permits(METRICS, "Bearer tok-12"));
        assertFalse(auth.permits(METRICS, "Bearer "));
        assertFalse(auth.permits(METRICS, "Bearertok-123"));
        assertFalse(auth.permits(METRICS, "tok-123"));
        assertFalse(auth.permits(METRICS, basic("tok-123:tok-123")), "Basic is off");
        assertEquals(List.of("Bearer realm=\"prometheus-export\""), auth.challenges());
    }

    @Test
    void bothSchemesAcceptEither() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth("u", "p", "t", false));
        assertTrue(auth.permits(METRICS, basic("u:p")));
        assertTrue(auth.permits(METRICS, "Bearer t"));
        assertFalse(auth.permits(METRICS, "Bearer p"));
        assertFalse(auth.permits(METRICS, "Digest username=\"u\""));
        assertEquals(2, auth.challenges().size());
    }

    @Test
    void everyPathButHealthNeedsCredentials() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth(null, null, "t", false));
        assertTrue(auth.permits(HEALTHY, null));
        assertFalse(auth.permits("/-/healthy/", null));
        assertFalse(auth.permits("/other", null), "a 404 is not given away without credentials");
        assertFalse(auth.permits(METRICS, null));
    }

    @Test
    void protectedHealthNeedsCredentialsToo() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth(null, null, "t", true));
        assertFalse(auth.permits(HEALTHY, null));
        assertTrue(auth.permits(HEALTHY, "Bearer t"));
    }

    @Test
    void usernameWithoutPasswordFailsNamingBothKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExporterAuthenticator.fromConfig(auth("prometheus", null, null, false)));
        assertEquals("quarkus.prometheus.export.auth.basic.username is set but quarkus.prometheus.export.auth.basic.password"
                + " is not: HTTP Basic authentication needs both (remove quarkus.prometheus.export.auth.basic.username to"
                + " turn it off). Example: quarkus.prometheus.export.auth.basic.username=prometheus and"
                + " quarkus.prometheus.export.auth.basic.password=${METRICS_PASSWORD}", e.getMessage());
        assertEquals(Set.of(ExporterAuthenticator.USERNAME_KEY, ExporterAuthenticator.PASSWORD_KEY), e.getConfigKeys());
    }

    @Test
    void passwordWithoutUsernameFailsNamingBothKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExporterAuthenticator.fromConfig(auth(null, "secret", null, false)));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.auth.basic.password is set but"
                + " quarkus.prometheus.export.auth.basic.username is not"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the password is never echoed");
    }

    @Test
    void usernameWithColonIsRejected() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExporterAuthenticator.fromConfig(auth("a:b", "p", null, false)));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.auth.basic.username: \"a:b\" contains ':'"),
                e.getMessage());
    }

    @Test
    void tokenThatNoHeaderCanCarryIsRejectedWithoutEchoingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExporterAuthenticator.fromConfig(auth(null, null, "two words", false)));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.auth.bearer-token: the token must be printable"),
                e.getMessage());
        assertFalse(e.getMessage().contains("two words"));
        assertThrows(ConfigurationException.class, () -> ExporterAuthenticator.fromConfig(auth(null, null, "tök", false)));
    }

    @Test
    void surroundingWhitespaceOfTheConfiguredTokenIsIgnored() {
        ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth(null, null, " t0k\n", false));
        assertTrue(auth.permits(METRICS, "Bearer t0k"));
    }

    @Test
    void warnsOnceWhenCredentialsWouldCrossTheNetworkInClearText() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ExporterAuthenticator.class.getName());
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            ExporterAuthenticator auth = ExporterAuthenticator.fromConfig(auth(null, null, "t", false));
            auth.warnIfSentInClear(java.net.InetAddress.getByName("127.0.0.1"), false);
            auth.warnIfSentInClear(java.net.InetAddress.getByName("0.0.0.0"), true);
            ExporterAuthenticator.open().warnIfSentInClear(java.net.InetAddress.getByName("0.0.0.0"), false);
            assertEquals(List.of(), records, "loopback, TLS, or no credentials: nothing to warn about");

            auth.warnIfSentInClear(java.net.InetAddress.getByName("0.0.0.0"), false);
            assertEquals(1, records.size());
            assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
        } finally {
            logger.removeHandler(handler);
        }
    }
}
