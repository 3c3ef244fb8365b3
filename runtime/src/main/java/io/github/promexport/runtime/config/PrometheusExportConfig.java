package io.github.promexport.runtime.config;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
     * Prometheus file-based service discovery.
     */
    FileSd fileSd();

    interface FileSd {
        /**
         * A directory where each process writes its scrape target for Prometheus's `file_sd_configs`: a file
         * named after the application, the host, the pid and the process start time in epoch milliseconds (for
         * example `shop@host1-4242-1764669600123.json`), holding the target (`host:port`) and the labels
         * `application` (`quarkus.application.name`), `instance` (the target) and `pid`. The file is written
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
}
