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
 * request when the response ends (or the connection closes).
 * <p>
 * The {@code uri} label is the template of the route that handled the request: the one Quarkus REST stores
 * in the request context (under {@value #URL_PATH_TEMPLATE}) once it has matched a resource method, else the
 * path of the Vert.x route that ended the response, when it is an exact or parameterised path.
 */
public final class HttpServerMetricsHandler implements Handler<RoutingContext> {

    /** The request context key under which Quarkus REST's observability integration stores the template. */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final MeasuredRequests measured;
    private final UriLabels uris;
    private final HttpServerMeters meters;

    public HttpServerMetricsHandler(MeasuredRequests measured, UriLabels uris, HttpServerMeters meters) {
        this.measured = measured;
        this.uris = uris;
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (measured.isMeasured(ctx.request().path())) {
            meters.requestStarted();
            // One small object per measured request: the end handler carries the start time itself.
            ctx.addEndHandler(new RequestEnd(ctx, System.nanoTime()));
        }
        ctx.next();
    }

    private final class RequestEnd implements Handler<AsyncResult<Void>> {

        private final RoutingContext ctx;
        private final long start;

        RequestEnd(RoutingContext ctx, long start) {
            this.ctx = ctx;
            this.start = start;
        }

        @Override
        public void handle(AsyncResult<Void> ended) {
            long duration = System.nanoTime() - start;
            meters.requestEnded();
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
