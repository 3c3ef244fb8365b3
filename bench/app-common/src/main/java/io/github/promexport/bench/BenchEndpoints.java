package io.github.promexport.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Endpoints only the benchmark calls, the same in every twin: meter churn, heap after GC, and the copy limit (the
 * application's own exposition, fetched once and then served as a pre-rendered byte array).
 */
@Path("/bench")
@Produces(MediaType.TEXT_PLAIN)
public class BenchEndpoints {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** The pre-rendered exposition served by GET /bench/copy; empty until /bench/copy/render. */
    private static volatile byte[] copy = new byte[0];

    @Inject
    SyntheticMeters meters;

    /** Replaces {@code percent} % of the synthetic counters and gauges; 409 without a metrics extension. */
    @POST
    @Path("churn")
    @Blocking
    public jakarta.ws.rs.core.Response churn(@QueryParam("percent") double percent) {
        int replaced = meters.churn(percent);
        return replaced < 0 ? jakarta.ws.rs.core.Response.status(409).entity("no registry").build()
                : jakarta.ws.rs.core.Response.ok(Integer.toString(replaced)).build();
    }

    /** Heap in use after a full GC, in bytes. */
    @POST
    @Path("heap")
    @Blocking
    public String heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return Long.toString(used);
    }

    /** Fetches this application's exposition (text format) once and keeps its bytes for GET /bench/copy. */
    @POST
    @Path("copy/render")
    @Blocking
    public String renderCopy(@Context HttpServerRequest request, @QueryParam("path") String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String target = "http://127.0.0.1:" + request.localAddress().port() + (path == null ? "/q/metrics" : path);
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(target))
                .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target + " answered " + response.statusCode());
        }
        copy = response.body();
        return Integer.toString(copy.length);
    }

    /** The copy limit: the same bytes as a scrape, served from memory on the event loop. */
    @Singleton
    public static class CopyRoute {
        void register(@Observes Router router) {
            router.get("/bench/copy").handler(ctx -> ctx.response().putHeader("Content-Type", TEXT)
                    .end(Buffer.buffer(copy)));
        }
    }
}
