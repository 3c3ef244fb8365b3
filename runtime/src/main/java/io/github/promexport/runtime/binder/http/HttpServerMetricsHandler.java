package io.github.promexport.runtime.binder.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * A route filter that runs first for every request of the main router: it notes the start time and records the
 * request when the response ends (or the connection closes). Vert.x's metrics SPI tells it so ({@link ExchangeEnds});
 * where another metrics SPI owns the Vert.x instance (quarkus-micrometer's Vert.x binder), an end handler does.
 * <p>
 * The {@code uri} label is the template of the route that handled the request: the one Quarkus REST stores
 * in the request context (under {@value #URL_PATH_TEMPLATE}) once it has matched a resource method, else the
 * path of the Vert.x route that ended the response, when it is an exact or parameterised path.
 * <p>
 * With tracing, the request's trace context is captured as the request starts and made current again while the
 * request is recorded, so that the timer's exemplars point to the request's span.
 */
public final class HttpServerMetricsHandler implements Handler<RoutingContext> {

    /** The request context key under which Quarkus REST's observability integration stores the template. */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final MeasuredRequests measured;
    private final UriLabels uris;
    private final HttpServerMeters meters;
    /** Null without tracing. */
    private final RequestTracing tracing;

    public HttpServerMetricsHandler(MeasuredRequests measured, UriLabels uris, HttpServerMeters meters) {
        this(measured, uris, meters, null);
    }

    HttpServerMetricsHandler(MeasuredRequests measured, UriLabels uris, HttpServerMeters meters,
            RequestTracing tracing) {
        this.measured = measured;
        this.uris = uris;
        this.meters = meters;
        this.tracing = tracing;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (measured.isMeasured(request.path())) {
            // One small object per measured request: it carries the start time (and, when traced, the request's trace
            // context) itself.
            RequestEnd end = new RequestEnd(ctx, System.nanoTime(), tracing == null ? null : tracing.capture());
            switch (ExchangeEnds.watch(request, end)) {
                case WATCHED -> meters.requestStarted();
                case NO_EXCHANGE -> {
                    meters.requestStarted();
                    ctx.addEndHandler(end);
                }
                case ALREADY_WATCHED -> {
                    // rerouted through this filter again: measured once, from its first pass
                }
            }
        }
        ctx.next();
    }

    private final class RequestEnd implements Handler<AsyncResult<Void>>, ExchangeEnds.Listener {

        private final RoutingContext ctx;
        private final long start;
        /** The request's trace context, or null. */
        private final Object trace;

        RequestEnd(RoutingContext ctx, long start, Object trace) {
            this.ctx = ctx;
            this.start = start;
            this.trace = trace;
        }

        /** The end handler, when the request's Vert.x has no {@link ExchangeEnds}. */
        @Override
        public void handle(AsyncResult<Void> ended) {
            exchangeEnded();
        }

        @Override
        public void exchangeEnded() {
            long duration = System.nanoTime() - start;
            meters.requestEnded();
            if (trace == null) {
                record(duration);
            } else {
                try (RequestTracing.Restored restored = tracing.restore(trace)) {
                    record(duration);
                }
            }
        }

        private void record(long duration) {
            HttpServerRequest request = ctx.request();
            HttpServerResponse response = ctx.response();
            int status = response.getStatusCode();
            String uri = uris.resolve(template(request), request.path(), status);
            long bytesRead = 0;
            long bytesWritten = 0;
            if (meters.recordsBodySizes()) {
                bytesRead = request.bytesRead();
                bytesWritten = response.bytesWritten();
            }
            meters.record(request.method().name(), uri, status, ctx.failure(), duration, bytesRead, bytesWritten);
        }

        private String template(HttpServerRequest request) {
            if (request instanceof HttpServerRequestInternal internal) {
                Object restTemplate = internal.context().getLocal(URL_PATH_TEMPLATE);
                if (restTemplate instanceof String template) {
                    return template;
                }
            }
            Route route = ctx.currentRoute();
            // getPath() is null for a regex route, and a prefix route ("/api/*") is no template.
            if (route != null && route.isExactPath()) {
                String path = route.getPath();
                if (path != null) {
                    return uris.vertxTemplate(path);
                }
            }
            return null;
        }
    }
}
