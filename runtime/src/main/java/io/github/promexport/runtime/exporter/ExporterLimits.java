package io.github.promexport.runtime.exporter;

import java.time.Duration;

/**
 * What one client may cost the dedicated exporter. Every limit is enforced on the exporter's event loop, so a
 * client that breaks one costs no thread.
 *
 * @param requestHeaderTimeout how long a connection may take to send a complete request header, counted from
 *        the connection (or from the end of the previous response on a kept-alive connection); then it is closed.
 *        This is what stops clients that open connections and send half a request (slowloris).
 * @param idleTimeout how long a connection may neither send nor receive a byte; then it is closed. It also
 *        ends a response whose reader stopped reading.
 * @param maxHeaderSize the largest request header, in bytes; a larger one is answered {@code 431}
 * @param maxInitialLineLength the longest request line ({@code GET /metrics?... HTTP/1.1}), in bytes; a longer
 *        one is answered {@code 414}
 * @param maxConnections the most connections open at once. When a new connection would exceed it, the
 *        connection that has waited longest without a request in progress (idle, or still sending its header)
 *        is closed to make room, so idle or half-open connections cannot lock Prometheus out.
 */
public record ExporterLimits(Duration requestHeaderTimeout, Duration idleTimeout, int maxHeaderSize,
        int maxInitialLineLength, int maxConnections) {

    /** Quarkus's default {@code quarkus.http.limits.max-header-size}: 20 KiB. */
    public static final int DEFAULT_MAX_HEADER_SIZE = 20 * 1024;
    /** Quarkus's default {@code quarkus.http.limits.max-initial-line-length}. */
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4096;

    /**
     * The defaults: 10 s to send a request header (Prometheus sends it at once), 60 s idle, the header and
     * request-line limits of Quarkus's own HTTP server, and 512 connections (a handful of Prometheus servers
     * need a few each).
     */
    public static final ExporterLimits DEFAULTS = new ExporterLimits(Duration.ofSeconds(10), Duration.ofSeconds(60),
            DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_INITIAL_LINE_LENGTH, 512);

    public ExporterLimits {
        if (requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero() || maxHeaderSize < 1 || maxInitialLineLength < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("Every exporter limit must be positive: header timeout "
                    + requestHeaderTimeout + ", idle timeout " + idleTimeout + ", header size " + maxHeaderSize
                    + ", request line " + maxInitialLineLength + ", connections " + maxConnections);
        }
    }

    /** The same limits with the header and request-line limits of the application's own HTTP server. */
    public ExporterLimits withHeaderLimits(int maxHeaderSize, int maxInitialLineLength) {
        return new ExporterLimits(requestHeaderTimeout, idleTimeout, maxHeaderSize, maxInitialLineLength, maxConnections);
    }
}
