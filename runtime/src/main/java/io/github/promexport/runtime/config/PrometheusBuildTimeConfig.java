package io.github.promexport.runtime.config;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the Prometheus export is made of: decided when the application is built.
 */
@ConfigMapping(prefix = "quarkus.prometheus")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface PrometheusBuildTimeConfig {

    /**
     * Whether the extension is active. When `false`, neither the Prometheus registry bean nor the metrics
     * route exist.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The path of the metrics route on the application's HTTP server.
     *
     * A relative value (`metrics`) is resolved under `quarkus.http.non-application-root-path`, which gives
     * `/q/metrics` by default. An absolute value (`/metrics`) is served exactly there, from the server
     * root: like every absolute Quarkus endpoint path, it ignores `quarkus.http.root-path`. With
     * `quarkus.http.root-path=/app`, `metrics` is served at `/app/q/metrics` and `/metrics` at `/metrics`. When the management
     * interface is enabled
     * (`quarkus.management.enabled=true`) the route is served there instead, resolved under
     * `quarkus.management.root-path` (`http://0.0.0.0:9000/q/metrics` by default), unless
     * `quarkus.prometheus.management.enabled` is `false`.
     *
     * `/` is rejected: the route would shadow the whole application.
     */
    @WithDefault("metrics")
    String path();

    /**
     * The metrics route and the management interface.
     */
    Management management();

    /**
     * Built-in meter binders.
     */
    Binders binder();

    interface Management {
        /**
         * Whether the metrics route moves to the management interface when `quarkus.management.enabled=true`.
         * Set it to `false` to keep the route on the main HTTP server.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Binders {
        /**
         * JVM metrics: memory pools and buffers, garbage collection, threads and class loading.
         */
        Toggle jvm();

        /**
         * Process and system metrics: CPU usage and load, uptime and start time, open file descriptors.
         */
        Toggle system();

        /**
         * HTTP server metrics: `http_server_requests_seconds` by method, route template, status, outcome and
         * exception, the number of requests in flight, and request and response body sizes. When `false` no
         * route filter is installed, so requests pay nothing. Run-time settings are under
         * `quarkus.prometheus.binder.http-server.*`.
         */
        Toggle httpServer();

        /**
         * Worker pool starvation signals for the Quarkus worker pool (blocking endpoints, `executeBlocking`):
         * `worker_pool_active_threads`, `worker_pool_queue_delay_seconds` (how long a task waits for a thread,
         * probed every 200 ms), pool size and limit; `worker_pool_queued_tasks` when
         * `quarkus.thread-pool.queue-size` is set, rejected and completed task counters when JBoss Threads
         * statistics are on (`-Djboss.threads.eqe.statistics=true`).
         */
        Toggle workerPool();

        /**
         * Event-loop starvation signal: `vertx_event_loop_delay_seconds`, how late a task scheduled on each Vert.x
         * event loop actually runs. A probe task is scheduled on every event loop every 200 ms; a blocked loop
         * shows a delay that keeps growing until it is released.
         */
        Toggle eventLoop();

        /**
         * Micrometer's `@Counted` and `@Timed` annotations (with `@MeterTag` parameters) on CDI bean methods. When
         * `false`, the annotations are ignored and no interceptor is installed.
         */
        Toggle annotations();
    }

    interface Toggle {
        /**
         * Whether these meters are registered.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
