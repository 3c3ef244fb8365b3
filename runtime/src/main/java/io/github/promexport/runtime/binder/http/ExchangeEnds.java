package io.github.promexport.runtime.binder.http;

import io.quarkus.vertx.http.runtime.ExtendedQuarkusVertxHttpMetrics;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Tells the measuring filter when a request's exchange is over, through Vert.x's metrics SPI: the HTTP connection
 * itself calls {@link #responseEnd} once the response is written, and {@link #requestReset} when the request failed
 * or its connection closed first, both on the connection's event loop. This replaces
 * {@code RoutingContext.addEndHandler}, whose plumbing (a handler list, three lambdas and three response handlers set
 * under the connection's lock, per request) cost more than the recording itself (see "Request overhead" in
 * docs/benchmarks.md).
 * <p>
 * Installed as the application's Vert.x {@link MetricsOptions} unless quarkus-micrometer's Vert.x binder installs its
 * own. It measures nothing: each request gets an {@link Exchange}, which the filter, when it measures the request,
 * {@linkplain #watch watches}. A request whose Vert.x has other metrics (or none) has no {@code Exchange}: the filter
 * falls back to an end handler then.
 */
public final class ExchangeEnds extends MetricsOptions implements VertxMetricsFactory, VertxMetrics,
        HttpServerMetrics<ExchangeEnds.Exchange, Void, Void>, ExtendedQuarkusVertxHttpMetrics {

    /** Called once when a watched exchange is over: its response was written, or it was reset or cut off. */
    interface Listener {
        void exchangeEnded();
    }

    /** One request's exchange: at most one listener, told once. */
    static final class Exchange {
        /**
         * Set by the filter, which runs before anything can end the response; read on the event loop that ends it.
         * Vert.x orders the two (a response ended from another thread is completed through the event loop's queue).
         */
        private Listener listener;

        void end() {
            Listener watching = listener;
            if (watching != null) {
                listener = null;
                watching.exchangeEnded();
            }
        }
    }

    public ExchangeEnds() {
        setEnabled(true);
        setFactory(this);
    }

    /**
     * Watches the request's exchange: {@code listener} is told once when it is over.
     *
     * @return false when the request has no exchange of ours (its Vert.x has other metrics or none), or when it is
     *         already watched (the request was rerouted through the filter again): the caller must not count it
     *         again in the second case, and must use an end handler in the first
     */
    static Watch watch(HttpServerRequest request, Listener listener) {
        if (request instanceof HttpServerRequestInternal internal && internal.metric() instanceof Exchange exchange) {
            if (exchange.listener != null) {
                return Watch.ALREADY_WATCHED;
            }
            exchange.listener = listener;
            return Watch.WATCHED;
        }
        return Watch.NO_EXCHANGE;
    }

    /** What {@link #watch} did. */
    enum Watch {
        WATCHED,
        ALREADY_WATCHED,
        NO_EXCHANGE
    }

    // ---------------------------------------------------------------- MetricsOptions and VertxMetricsFactory

    @Override
    public VertxMetricsFactory getFactory() {
        return this;
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
        return this;
    }

    @Override
    public MetricsOptions newOptions() {
        return this;
    }

    // ---------------------------------------------------------------- VertxMetrics

    /** Every HTTP server of the Vert.x instance: the filter decides which requests are measured. */
    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
        return this;
    }

    // ---------------------------------------------------------------- ExtendedQuarkusVertxHttpMetrics

    /**
     * Quarkus casts the metrics SPI to this type when {@code quarkus.http.limits.max-connections} is set; rejected
     * connections are not counted here, as without metrics.
     */
    @Override
    public ConnectionTracker getHttpConnectionTracker() {
        return NOOP_CONNECTION_TRACKER;
    }

    // ---------------------------------------------------------------- HttpServerMetrics

    @Override
    public Exchange requestBegin(Void socketMetric, HttpRequest request) {
        return new Exchange();
    }

    @Override
    public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
        if (exchange != null) {
            exchange.end();
        }
    }

    @Override
    public void requestReset(Exchange exchange) {
        if (exchange != null) {
            exchange.end();
        }
    }
}
