package io.github.promexport.runtime.route;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.promexport.runtime.scrape.ClientGoneException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Streams an exposition into a Vert.x response from a scrape thread.
 * <p>
 * Bytes are gathered in chunks of {@value #CHUNK} bytes. An exposition that fits in one chunk goes out as a
 * single response with a {@code Content-Length}; a larger one switches to chunked transfer encoding and is
 * sent chunk by chunk, waiting for the connection to drain when its write queue is full, so a large registry
 * never sits in memory twice.
 */
final class VertxResponseOutputStream extends OutputStream {

    static final int CHUNK = 64 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 30;

    private final HttpServerResponse response;
    private Buffer buffer = Buffer.buffer(CHUNK);
    private boolean streaming;
    private boolean closed;

    VertxResponseOutputStream(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        buffer.appendByte((byte) b);
        if (buffer.length() >= CHUNK) {
            sendChunk();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        buffer.appendBytes(bytes, offset, length);
        if (buffer.length() >= CHUNK) {
            sendChunk();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!streaming) {
            response.end(buffer);
            return;
        }
        if (buffer.length() > 0) {
            sendChunk();
        }
        response.end();
    }

    private void sendChunk() throws IOException {
        if (!streaming) {
            response.setChunked(true);
            streaming = true;
        }
        awaitWritable();
        response.write(buffer);
        buffer = Buffer.buffer(CHUNK);
    }

    private void awaitWritable() throws IOException {
        while (response.writeQueueFull()) {
            if (response.closed()) {
                throw new ClientGoneException("The scraper closed the connection");
            }
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(v -> drained.complete(null));
            response.closeHandler(v -> drained.complete(null));
            if (!response.writeQueueFull()) {
                return;
            }
            try {
                drained.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the scraper to read", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("The scraper stopped reading for " + DRAIN_TIMEOUT_SECONDS + " s", e);
            }
        }
        if (response.closed()) {
            throw new ClientGoneException("The scraper closed the connection");
        }
    }
}
