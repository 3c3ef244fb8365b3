package io.github.promexport.runtime.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * {@link VertxResponseOutputStream} written from another thread than the event loop, as the scrape threads write it:
 * the last chunk goes out with the end of the response, and {@code close()} returns once the end is written, for
 * bodies that end on a chunk boundary (an empty last chunk), one byte past it, and past the in-flight limit (the
 * writer waits for the event loop). Bounded: a lost completion would leave {@code close()} waiting, and the test
 * fails after 30 s instead of hanging.
 */
class ResponseEndsWithItsLastChunkTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static ExecutorService writers;
    /** What the current request's writer thread's close() ended with: null, or its failure. */
    private static volatile CompletableFuture<Throwable> closed;
    private static volatile int bodySize;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        writers = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "test-writer");
            thread.setDaemon(true);
            return thread;
        });
        server = vertx.createHttpServer().requestHandler(request -> {
            CompletableFuture<Throwable> result = closed;
            int size = bodySize;
            writers.execute(() -> {
                try {
                    VertxResponseOutputStream out = new VertxResponseOutputStream(request.response());
                    byte[] body = body(size);
                    // Uneven writes, as a ByteSink drains.
                    for (int offset = 0; offset < size; offset += 10_000) {
                        out.write(body, offset, Math.min(10_000, size - offset));
                    }
                    out.close();
                    result.complete(null);
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        writers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 100, VertxResponseOutputStream.CHUNK, VertxResponseOutputStream.CHUNK + 1,
            3 * VertxResponseOutputStream.CHUNK, VertxResponseOutputStream.IN_FLIGHT_LIMIT + 1,
            3 * VertxResponseOutputStream.IN_FLIGHT_LIMIT })
    void theScraperGetsTheWholeBodyAndCloseReturns(int size) throws Exception {
        closed = new CompletableFuture<>();
        bodySize = size;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body(size), response.body());
        // One chunk's worth or more is streamed (chunked), less goes out whole with its length.
        assertEquals(size >= VertxResponseOutputStream.CHUNK ? "none" : Integer.toString(size),
                response.headers().firstValue("Content-Length").orElse("none"));
        assertNull(closed.get(30, TimeUnit.SECONDS), "close() ended without a failure");
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }
}
