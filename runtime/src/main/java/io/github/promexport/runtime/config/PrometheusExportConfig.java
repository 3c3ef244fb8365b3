package io.github.promexport.runtime.config;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.ClientAuth;

/**
 * The dedicated exporter: an HTTP server of its own, on its own port and threads, that keeps serving the
 * metrics when the application's event loops or worker threads are stuck.
 * <p>
 * It starts only when `quarkus.prometheus.export.port` or `quarkus.prometheus.export.port-range` is set, and
 * never in dev mode: live reload restarts the application inside the same JVM, so the metrics stay on the
 * application's own route there (`/q/metrics` by default).
 */
@ConfigMapping(prefix = "quarkus.prometheus.export")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface PrometheusExportConfig {

    /**
     * The port of the dedicated exporter. Setting it starts the exporter. `0` binds a random free port (the
     * chosen URL is logged and available from the `PrometheusExporterEndpoint` bean).
     *
     * Valid values: `0` to `65535`. It must differ from the application's HTTP and management ports. Do not
     * set it together with `quarkus.prometheus.export.port-range`. Example: `9400`.
     *
     * In test mode `quarkus.prometheus.export.test-port` is bound instead.
     */
    Optional<Integer> port();

    /**
     * The port bound in test mode when `quarkus.prometheus.export.port` is set. `0`, the default, binds a random
     * free port so that test runs never collide. Valid values: `0` to `65535`.
     */
    @WithDefault("0")
    int testPort();

    /**
     * A range of ports, written `first-last`, for several processes of one application on one host. Setting it
     * starts the exporter. Each process binds the first port of the range that is free, skipping the
     * application's own HTTP, HTTPS and management ports; Prometheus then scrapes every port of the range (see
     * `quarkus.prometheus.export.file-sd.directory`).
     *
     * Both ends are included and must be between `1` and `65535`, the first not greater than the last. Do not set
     * it together with `quarkus.prometheus.export.port`. The range is used as is in test mode. Example:
     * `9400-9450`.
     */
    Optional<String> portRange();

    /**
     * The address the exporter binds: a host name or an IP address of this host. `0.0.0.0` binds all IPv4
     * interfaces (and, on a dual-stack host, all IPv6 ones too).
     *
     * When unset, the exporter binds `quarkus.http.host` if the application sets it (an application pinned to
     * `127.0.0.1` keeps its metrics there too); otherwise all interfaces (`0.0.0.0`) in production and
     * `localhost` in test mode, like the management interface. Example: `127.0.0.1`.
     */
    Optional<String> address();

    /**
     * The path of the metrics on the exporter's port, absolute (a missing leading `/` is added). The exporter
     * also answers `/-/healthy` with `200`, so the path must not be `/-/healthy`.
     */
    @WithDefault("/metrics")
    String path();

    /**
     * What happens when the port cannot be bound, or no port of the range is free. `true`: startup fails, with
     * the ports found busy. `false`: a warning is logged and the application runs without the dedicated
     * exporter (the application's own metrics route still works).
     */
    @WithDefault("true")
    boolean failWhenUnavailable();

    /**
     * The name of a TLS configuration of the Quarkus TLS registry that turns the exporter into an HTTPS server, the
     * way `quarkus.management.tls-configuration-name` does for the management interface. For the name `metrics-tls`
     * the configuration is `quarkus.tls.metrics-tls.*`, and it must have a key store: PEM files
     * (`quarkus.tls.metrics-tls.key-store.pem.0.cert` and `.key`) or a PKCS12/JKS key store
     * (`quarkus.tls.metrics-tls.key-store.p12.path` and `.password`). Its trust store, when set, holds the CAs that
     * client certificates are checked against (see `quarkus.prometheus.export.tls-client-auth`), and
     * `quarkus.tls.metrics-tls.reload-period` reloads the certificate without a restart.
     *
     * Unset: plain HTTP. Set: HTTPS only, and Prometheus needs `scheme: https` and a `tls_config` (`ca_file`) in its
     * scrape configuration. Example: `metrics-tls`.
     */
    Optional<String> tlsConfigurationName();

    /**
     * Whether the exporter asks Prometheus for a client certificate (mutual TLS), checked against the trust store
     * of the TLS configuration named by `quarkus.prometheus.export.tls-configuration-name`.
     *
     * `none`: no client certificate is asked for. `request`: asked for, and checked when sent, but not required.
     * `required`: a connection without a valid client certificate is refused during the TLS handshake. `request`
     * and `required` need `tls-configuration-name` and a trust store in that configuration. Prometheus sends its
     * certificate from `tls_config.cert_file` and `tls_config.key_file`.
     */
    @WithDefault("none")
    ClientAuth tlsClientAuth();

    /**
     * Authentication of the scrapes: HTTP Basic, a bearer token, or both (either one is then accepted). Missing
     * or wrong credentials are answered with `401` and a `WWW-Authenticate` header.
     */
    Auth auth();

    /**
     * Prometheus file-based service discovery.
     */
    FileSd fileSd();

    interface FileSd {
        /**
         * A directory where each process writes its scrape target for Prometheus's `file_sd_configs`: a file
         * named after the application, the host, the pid and the process start time in epoch milliseconds (for
         * example `shop@host1-4242-1764669600123.json`), holding the target (`host:port`) and the labels
         * `application` (`quarkus.application.name`), `instance` (the target) and `pid`, plus `__scheme__` and
         * `__metrics_path__`, with which Prometheus scrapes the exporter's scheme and path whatever the job's
         * `scheme` and `metrics_path` say. The file is written
         * atomically once the port is bound and deleted on clean shutdown; the directory is created when missing.
         * A process that starts removes the files that crashed processes of this host left behind (their pid no
         * longer runs, or runs a process started at another time) and any file naming its own `host:port`; files
         * of live processes, of other hosts and in other formats are left alone.
         *
         * The target's host is the bound address, or this machine's host name when the exporter binds all
         * interfaces. Point Prometheus at it with `file_sd_configs: [{files: ['<directory>/*.json']}]`.
         * Example: `/var/run/prometheus-targets`.
         */
        Optional<Path> directory();
    }

    interface Auth {
        /**
         * HTTP Basic authentication, as Prometheus sends it with `basic_auth` in a scrape configuration.
         */
        Basic basic();

        /**
         * A bearer token the scrapes must send as `Authorization: Bearer TOKEN`, as Prometheus does with
         * `authorization: {credentials: TOKEN}` (or `credentials_file`) in a scrape configuration. Use a long random
         * value (for example `openssl rand -hex 32`) and keep it out of source control (an environment variable
         * `QUARKUS_PROMETHEUS_EXPORT_AUTH_BEARER_TOKEN` or a secret). Unset: no bearer token is accepted.
         */
        Optional<String> bearerToken();

        /**
         * Whether `/-/healthy` also needs the credentials. `false`: it stays open, so a load balancer or a liveness
         * probe without credentials can check the exporter (it tells nothing but "up"). `true`: it answers `401`
         * like the metrics without credentials. Only meaningful with credentials configured.
         */
        @WithDefault("false")
        boolean protectHealth();
    }

    interface Basic {
        /**
         * The user name the scrapes must send with HTTP Basic authentication (Prometheus: `basic_auth.username`).
         * Set it together with `quarkus.prometheus.export.auth.basic.password`. Unset: Basic authentication is off.
         */
        Optional<String> username();

        /**
         * The password the scrapes must send with HTTP Basic authentication (Prometheus: `basic_auth.password` or
         * `password_file`). Set it together with `quarkus.prometheus.export.auth.basic.username`, and keep it out
         * of source control (an environment variable `QUARKUS_PROMETHEUS_EXPORT_AUTH_BASIC_PASSWORD` or a secret).
         */
        Optional<String> password();
    }
}
