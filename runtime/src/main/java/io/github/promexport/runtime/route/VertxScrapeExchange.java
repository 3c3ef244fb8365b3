package io.github.promexport.runtime.route;

import java.io.OutputStream;
import java.util.List;

import io.github.promexport.runtime.scrape.ScrapeExchange;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * A {@link ScrapeExchange} over a Vert.x routing context. Vert.x responses may be written from any thread;
 * the scrape threads use that.
 */
final class VertxScrapeExchange implements ScrapeExchange {

    private final RoutingContext context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;

    VertxScrapeExchange(RoutingContext context) {
        this.context = context;
        this.request = context.request();
        this.response = context.response();
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String header(String name) {
        List<String> values = request.headers().getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    @Override
    public List<String> queryParameters(String name) {
        return context.queryParam(name);
    }

    @Override
    public void respond(int status, String contentType, String body, String... extraHeaders) {
        response.setStatusCode(status);
        response.putHeader("Content-Type", contentType);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            response.putHeader(extraHeaders[i], extraHeaders[i + 1]);
        }
        if (body == null) {
            response.end();
        } else {
            response.end(body);
        }
    }

    @Override
    public OutputStream startBody(String contentType, String contentEncoding) {
        response.setStatusCode(200);
        response.putHeader("Content-Type", contentType);
        if (contentEncoding != null) {
            response.putHeader("Content-Encoding", contentEncoding);
        }
        return new VertxResponseOutputStream(response);
    }

    @Override
    public boolean clientGone() {
        return response.closed();
    }

    @Override
    public boolean committed() {
        return response.headWritten();
    }

    @Override
    public void abort() {
        response.reset();
    }
}
