package io.github.promexport.runtime.exporter;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Bounds what connections may cost the exporter: how long a connection may take to send a request header, and
 * how many connections are open at once (see {@link ExporterLimits}).
 * <p>
 * Every method runs on the exporter's single event loop (its Vert.x instance has one), so the state needs no
 * locking.
 * <p>
 * A connection is <em>waiting</em> from the moment it is accepted, and again from the end of each response,
 * until its next request header is complete. A waiting connection gets a timer: the request-header timeout for
 * the first request, the idle timeout for the next ones on a kept-alive connection (Prometheus reuses its
 * connection from one scrape to the next). When the timer fires the connection is closed. When a new connection
 * would exceed the connection limit, the connection that has been waiting longest is closed instead, so a flood
 * of idle or half-open connections evicts itself rather than locking Prometheus out; only when every connection
 * has a request in progress is the new one refused.
 */
final class ConnectionGuard {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final ExporterLimits limits;
    private final Set<HttpConnection> open = new HashSet<>();
    /** The waiting connections, longest waiting first, each with its timer. */
    private final LinkedHashMap<HttpConnection, Long> waiting = new LinkedHashMap<>();

    ConnectionGuard(Vertx vertx, ExporterLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** A connection was accepted. */
    void connected(HttpConnection connection) {
        if (open.size() >= limits.maxConnections() && !evictLongestWaiting()) {
            LOG.debugf("Refused a connection from %s: %d connections are open, each with a request in progress",
                    connection.remoteAddress(), open.size());
            connection.close();
            return;
        }
        open.add(connection);
        connection.closeHandler(v -> closed(connection));
        startWaiting(connection, limits.requestHeaderTimeout().toMillis());
    }

    /** A complete request header arrived on a connection. */
    void requestStarted(HttpServerRequest request) {
        Long timer = waiting.remove(request.connection());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** The response to a request ended; a kept-alive connection waits for its next request. */
    void responseEnded(HttpConnection connection) {
        if (open.contains(connection) && !waiting.containsKey(connection)) {
            startWaiting(connection, limits.idleTimeout().toMillis());
        }
    }

    /** The number of open connections, for tests. */
    int openConnections() {
        return open.size();
    }

    private void startWaiting(HttpConnection connection, long millis) {
        long timer = vertx.setTimer(millis, id -> {
            if (waiting.remove(connection) != null) {
                LOG.debugf("Closed a connection from %s: no complete request header within %d ms",
                        connection.remoteAddress(), millis);
                connection.close();
            }
        });
        waiting.put(connection, timer);
    }

    private boolean evictLongestWaiting() {
        Iterator<Map.Entry<HttpConnection, Long>> longest = waiting.entrySet().iterator();
        if (!longest.hasNext()) {
            return false;
        }
        Map.Entry<HttpConnection, Long> evicted = longest.next();
        longest.remove();
        vertx.cancelTimer(evicted.getValue());
        // Forget it now rather than in its close handler, so the new connection fits at once.
        open.remove(evicted.getKey());
        LOG.debugf("Closed a connection from %s waiting for a request: the limit of %d connections is reached",
                evicted.getKey().remoteAddress(), limits.maxConnections());
        evicted.getKey().close();
        return true;
    }

    private void closed(HttpConnection connection) {
        open.remove(connection);
        Long timer = waiting.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
