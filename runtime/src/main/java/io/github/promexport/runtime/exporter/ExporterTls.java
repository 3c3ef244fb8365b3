package io.github.promexport.runtime.exporter;

import java.util.Optional;
import java.util.Set;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SSLOptions;

/**
 * HTTPS for the dedicated exporter, from a named configuration of the Quarkus TLS registry
 * ({@code quarkus.prometheus.export.tls-configuration-name}), applied to the server's options the way Quarkus
 * applies one to its management interface: key store, trust store, SNI, protocols, cipher suites, CRLs and the
 * handshake timeout all come from the registry; the exporter adds only the client-certificate policy.
 * <p>
 * The registry owns the certificates: it reloads them ({@code quarkus.tls.<name>.reload-period}, or
 * {@code TlsConfiguration.reload()}) and announces it with a {@code CertificateUpdatedEvent}, on which the server
 * takes the new {@link #sslOptions()}.
 */
public final class ExporterTls {

    public static final String NAME_KEY = ExporterSettings.PREFIX + "tls-configuration-name";
    public static final String CLIENT_AUTH_KEY = ExporterSettings.PREFIX + "tls-client-auth";

    private final String name;
    private final TlsConfiguration configuration;
    private final ClientAuth clientAuth;

    private ExporterTls(String name, TlsConfiguration configuration, ClientAuth clientAuth) {
        this.name = name;
        this.configuration = configuration;
        this.clientAuth = clientAuth;
    }

    /**
     * Looks the configuration up in the registry. Empty when {@code tls-configuration-name} is not set: plain HTTP.
     *
     * @throws ConfigurationException when the name is unknown, names a configuration without a key store, or client
     *         certificates are asked for without a trust store to check them against
     */
    public static Optional<ExporterTls> resolve(PrometheusExportConfig config, TlsConfigurationRegistry registry) {
        ClientAuth clientAuth = config.tlsClientAuth();
        if (config.tlsConfigurationName().isEmpty()) {
            if (clientAuth != ClientAuth.NONE) {
                throw new ConfigurationException(CLIENT_AUTH_KEY + "=" + value(clientAuth) + " needs HTTPS, but " + NAME_KEY
                        + " is not set: name a TLS configuration with a key store and a trust store, or remove "
                        + CLIENT_AUTH_KEY + ". Example: " + NAME_KEY + "=metrics-tls", Set.of(CLIENT_AUTH_KEY, NAME_KEY));
            }
            return Optional.empty();
        }
        String name = config.tlsConfigurationName().get();
        String example = " Example: quarkus.tls." + name + ".key-store.pem.0.cert=tls.crt and quarkus.tls." + name
                + ".key-store.pem.0.key=tls.key";
        Optional<TlsConfiguration> found = registry == null ? Optional.empty() : registry.get(name);
        if (found.isEmpty()) {
            throw new ConfigurationException(NAME_KEY + ": there is no TLS configuration named \"" + name
                    + "\" in the Quarkus TLS registry: configure quarkus.tls." + name + ".key-store.* (PEM, PKCS12 or JKS),"
                    + " or fix the name." + example, Set.of(NAME_KEY));
        }
        TlsConfiguration configuration = found.get();
        if (configuration.getKeyStoreOptions() == null) {
            throw new ConfigurationException(NAME_KEY + ": the TLS configuration \"" + name + "\" has no key store, so the"
                    + " exporter has no certificate to serve: configure quarkus.tls." + name + ".key-store.* (PEM, PKCS12"
                    + " or JKS)." + example, Set.of(NAME_KEY));
        }
        if (clientAuth != ClientAuth.NONE && configuration.getTrustStoreOptions() == null) {
            throw new ConfigurationException(CLIENT_AUTH_KEY + "=" + value(clientAuth) + ": the TLS configuration \"" + name
                    + "\" (" + NAME_KEY + ") has no trust store to check client certificates against: configure"
                    + " quarkus.tls." + name + ".trust-store.* with the CA of Prometheus's client certificate, or set "
                    + CLIENT_AUTH_KEY + "=none. Example: quarkus.tls." + name + ".trust-store.pem.certs=prometheus-ca.crt",
                    Set.of(CLIENT_AUTH_KEY, NAME_KEY));
        }
        return Optional.of(new ExporterTls(name, configuration, clientAuth));
    }

    /** The name of the TLS configuration in the registry. */
    public String name() {
        return name;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Turns on HTTPS in the server's options, with the registry's certificates and the client-certificate policy. */
    public void applyTo(HttpServerOptions options) {
        options.setSsl(true);
        options.setClientAuth(clientAuth);
        options.setKeyCertOptions(configuration.getKeyStoreOptions());
        if (configuration.getTrustStoreOptions() != null) {
            options.setTrustOptions(configuration.getTrustStoreOptions());
        }
        options.setSni(configuration.usesSni());
        SSLOptions other = configuration.getSSLOptions();
        options.setSslHandshakeTimeout(other.getSslHandshakeTimeout());
        options.setSslHandshakeTimeoutUnit(other.getSslHandshakeTimeoutUnit());
        for (String suite : other.getEnabledCipherSuites()) {
            options.addEnabledCipherSuite(suite);
        }
        for (Buffer crl : other.getCrlValues()) {
            options.addCrlValue(crl);
        }
        options.setEnabledSecureTransportProtocols(other.getEnabledSecureTransportProtocols());
    }

    /**
     * The registry's current SSL options, for {@code HttpServer.updateSSLOptions} after a reload. The client
     * authentication policy is not part of them: the server keeps the one its options were created with.
     */
    public SSLOptions sslOptions() {
        return configuration.getSSLOptions();
    }

    private static String value(ClientAuth clientAuth) {
        return clientAuth.name().toLowerCase(java.util.Locale.ROOT);
    }
}
