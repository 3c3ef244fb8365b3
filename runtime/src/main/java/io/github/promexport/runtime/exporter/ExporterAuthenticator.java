package io.github.promexport.runtime.exporter;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Who may scrape the dedicated exporter: HTTP Basic credentials, a bearer token, or both (either is accepted),
 * the two forms a Prometheus {@code scrape_config} sends ({@code basic_auth}, and {@code authorization} or the
 * older {@code bearer_token}). Transport-neutral: the server asks {@link #permits} with the request's path and its
 * {@code Authorization} header before it queues a scrape, and answers {@code 401} with {@link #challenges()} when
 * the answer is no.
 * <p>
 * Credentials are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the comparison takes the same
 * time whatever the presented value and its length, so neither the secret nor its length leaks through response
 * times. Immutable and thread-safe.
 */
public final class ExporterAuthenticator {

    public static final String USERNAME_KEY = ExporterSettings.PREFIX + "auth.basic.username";
    public static final String PASSWORD_KEY = ExporterSettings.PREFIX + "auth.basic.password";
    public static final String BEARER_TOKEN_KEY = ExporterSettings.PREFIX + "auth.bearer-token";
    public static final String PROTECT_HEALTH_KEY = ExporterSettings.PREFIX + "auth.protect-health";
    /** The realm named in the challenges. */
    public static final String REALM = "prometheus-export";

    private static final Logger LOG = Logger.getLogger(ExporterAuthenticator.class);
    private static final ExporterAuthenticator OPEN = new ExporterAuthenticator(null, null, false);

    /** SHA-256 of {@code username:password} in UTF-8, as a Basic header carries it; null when Basic is off. */
    private final byte[] basicDigest;
    /** SHA-256 of the token in UTF-8; null when bearer tokens are off. */
    private final byte[] bearerDigest;
    private final boolean protectHealth;

    private ExporterAuthenticator(byte[] basicDigest, byte[] bearerDigest, boolean protectHealth) {
        this.basicDigest = basicDigest;
        this.bearerDigest = bearerDigest;
        this.protectHealth = protectHealth;
    }

    /** An authenticator that lets every request through: no credentials are configured. */
    public static ExporterAuthenticator open() {
        return OPEN;
    }

    /**
     * Validates the credentials of {@code quarkus.prometheus.export.auth.*}.
     *
     * @throws ConfigurationException when only one of user name and password is set, or a value cannot be sent
     */
    public static ExporterAuthenticator fromConfig(PrometheusExportConfig.Auth auth) {
        Optional<String> username = auth.basic().username();
        Optional<String> password = auth.basic().password();
        if (username.isPresent() != password.isPresent()) {
            String set = username.isPresent() ? USERNAME_KEY : PASSWORD_KEY;
            String missing = username.isPresent() ? PASSWORD_KEY : USERNAME_KEY;
            throw new ConfigurationException(set + " is set but " + missing + " is not: HTTP Basic authentication needs"
                    + " both (remove " + set + " to turn it off). Example: " + USERNAME_KEY + "=prometheus and "
                    + PASSWORD_KEY + "=${METRICS_PASSWORD}", Set.of(USERNAME_KEY, PASSWORD_KEY));
        }
        byte[] basic = null;
        if (username.isPresent()) {
            if (username.get().indexOf(':') >= 0) {
                throw new ConfigurationException(USERNAME_KEY + ": \"" + username.get() + "\" contains ':', which HTTP Basic"
                        + " authentication cannot carry in a user name (it separates the user name from the password)."
                        + " Example: " + USERNAME_KEY + "=prometheus", Set.of(USERNAME_KEY));
            }
            basic = sha256((username.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bearer = null;
        if (auth.bearerToken().isPresent()) {
            String token = auth.bearerToken().get().trim();
            if (token.isEmpty() || !isVisibleAscii(token)) {
                throw new ConfigurationException(BEARER_TOKEN_KEY + ": the token must be printable ASCII without spaces"
                        + " (an HTTP header carries it). Generate one with `openssl rand -hex 32`", Set.of(BEARER_TOKEN_KEY));
            }
            bearer = sha256(token.getBytes(StandardCharsets.UTF_8));
        }
        if (basic == null && bearer == null) {
            return OPEN;
        }
        return new ExporterAuthenticator(basic, bearer, auth.protectHealth());
    }

    /** Whether any credentials are required. */
    public boolean enabled() {
        return basicDigest != null || bearerDigest != null;
    }

    /**
     * Whether a request may be served.
     *
     * @param path the request's path
     * @param authorization the request's {@code Authorization} header, or null when it has none
     */
    public boolean permits(String path, String authorization) {
        if (!enabled() || (!protectHealth && isHealthPath(path))) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).strip();
        if (basicDigest != null && scheme.equalsIgnoreCase("Basic")) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(credentials);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(basicDigest, sha256(decoded));
        }
        if (bearerDigest != null && scheme.equalsIgnoreCase("Bearer")) {
            return MessageDigest.isEqual(bearerDigest, sha256(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return false;
    }

    /**
     * The {@code WWW-Authenticate} values of a {@code 401}, one per accepted scheme (a response may carry the header
     * several times).
     */
    public List<String> challenges() {
        List<String> challenges = new ArrayList<>(2);
        if (basicDigest != null) {
            challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        if (bearerDigest != null) {
            challenges.add("Bearer realm=\"" + REALM + "\"");
        }
        return challenges;
    }

    /**
     * Warns once, at startup, when credentials would cross the network in clear text: they are configured, TLS is
     * not, and the exporter listens on more than the loopback interface.
     */
    public void warnIfSentInClear(InetAddress bound, boolean tls) {
        if (enabled() && !tls && !bound.isLoopbackAddress()) {
            LOG.warnf("The dedicated Prometheus exporter requires credentials (%s) but serves plain HTTP on %s: anyone on"
                    + " the network path can read them. Set %s to serve HTTPS, or bind %s to a loopback address",
                    basicDigest != null ? USERNAME_KEY : BEARER_TOKEN_KEY, bound.getHostAddress(), ExporterTls.NAME_KEY,
                    ExporterSettings.ADDRESS_KEY);
        }
    }

    private static boolean isHealthPath(String path) {
        return path.equals(ExporterSettings.HEALTHY_PATH);
    }

    private static boolean isVisibleAscii(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
