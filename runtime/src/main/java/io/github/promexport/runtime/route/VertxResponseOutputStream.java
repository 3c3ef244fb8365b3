package io.github.promexport.runtime.route;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import io.github.promexport.runtime.scrape.ClientGoneException;
import io.github.promexport.runtime.scrape.ScrapeThreads;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Streams an exposition into a Vert.x response from a scrape thread, with back-pressure.
 * <p>
 * Bytes are gathered in chunks of {@value #CHUNK} bytes. An exposition that fits in one chunk goes out as a
 * single response with a {@code Content-Length}; a larger one switches to chunked transfer encoding and is
 * sent chunk by chunk.
 * <p>
 * Back-pressure counts the bytes handed to Vert.x whose write has not completed yet, and waits while more than
 * {@value #IN_FLIGHT_LIMIT} are pending. {@link HttpServerResponse#writeQueueFull()} alone is not enough: a write
 * from a thread other than the event loop is queued as a task on the event loop, and the channel's writability,
 * which {@code writeQueueFull()} reports, only changes once those tasks have run. A scrape thread renders faster
 * than the event loop drains, so a reader that stopped reading used to collect most of the response in the event
 * loop's task queue and then in Netty's outbound buffer (direct memory). Counting completions bounds what one
 * response holds to the limit plus one chunk, whatever the reader does. The limit is a trade: two chunks made every
 * scrape of a 750 KB exposition (10k series) wait for the event loop a dozen times and cost a quarter of the
 * route's scrape throughput on loopback; eight chunks keep a typical scrape from waiting at all, and 64 stalled
 * scrapes (every slot of {@code ScrapeThreads}) still hold under 40 MiB.
 * <p>
 * A reader that reads nothing for {@value #STALL_TIMEOUT_SECONDS} s fails the write; the scrape thread is then free.
 */
final class VertxResponseOutputStream extends OutputStream {

    static final int CHUNK = 64 * 1024;
    /** Bytes handed to Vert.x but not yet written to the socket, beyond which the scrape thread waits. */
    static final int IN_FLIGHT_LIMIT = 8 * CHUNK;
    static final long STALL_TIMEOUT_SECONDS = 30;

    private final HttpServerResponse response;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; written by write completions on the event loop, read by the scrape thread. */
    private long inFlight;
    /** Guarded by {@link #lock}: the first write that failed, typically because the scraper hung up. */
    private Throwable failure;
    /** Guarded by {@link #lock}: set when the scrape threads need this one's slot for another scrape. */
    private boolean evicted;
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
        // Split large writes: a writer that hands over a whole family at once must not put it in flight at once.
        while (length > 0) {
            int part = Math.min(length, CHUNK - buffer.length());
            buffer.appendBytes(bytes, offset, part);
            offset += part;
            length -= part;
            if (buffer.length() >= CHUNK) {
                sendChunk();
            }
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
        // The last chunk goes out with the end of the response, in one event-loop task: waiting for the bytes in
        // flight before ending, as this stream used to, kept the scraper from the end of its response for two more
        // hand-overs between the threads (the completion waking this thread, then its end() waking the event loop).
        // The wait comes after, so that a scraper that hangs up during the last chunks still fails the scrape.
        awaitInFlightBelow(IN_FLIGHT_LIMIT);
        Buffer last = buffer;
        // The end counts as one byte in flight until it is written, even with an empty last chunk.
        int length = last.length() + 1;
        synchronized (lock) {
            inFlight += length;
        }
        try {
            response.end(last).onComplete(result -> written(length, result));
        } catch (RuntimeException e) {
            throw new ClientGoneException("The response can no longer be written", e);
        }
        awaitInFlightBelow(1);
    }

    private void sendChunk() throws IOException {
        if (!streaming) {
            response.setChunked(true);
            streaming = true;
        }
        awaitInFlightBelow(IN_FLIGHT_LIMIT);
        Buffer chunk = buffer;
        int length = chunk.length();
        buffer = Buffer.buffer(CHUNK);
        synchronized (lock) {
            inFlight += length;
        }
        try {
            response.write(chunk).onComplete(result -> written(length, result));
        } catch (RuntimeException e) {
            // Vert.x refuses writes to a response whose connection is gone, or once it is shutting down.
            throw new ClientGoneException("The response can no longer be written", e);
        }
    }

    /** Runs on the event loop when Netty has written a chunk to the socket, or failed to. */
    private void written(int length, AsyncResult<Void> result) {
        synchronized (lock) {
            inFlight -= length;
            if (result.failed() && failure == null) {
                failure = result.cause();
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits until fewer than {@code limit} bytes are in flight. The wait goes through
     * {@link ForkJoinPool#managedBlock}, so that on a scrape thread the pool starts a spare thread and other
     * scrapes keep running while this reader dawdles.
     */
    private void awaitInFlightBelow(long limit) throws IOException {
        Drain drain = new Drain(limit, System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_TIMEOUT_SECONDS));
        if (!drain.isReleasable()) {
            try (ScrapeThreads.Registration waiting = ScrapeThreads.waitingForReader(this::evict)) {
                ForkJoinPool.managedBlock(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the scraper to read", e);
            }
        }
        synchronized (lock) {
            if (failure != null) {
                throw new ClientGoneException("The scraper closed the connection", failure);
            }
            if (evicted) {
                throw new ClientGoneException("Evicted to make room for another scrape: this scraper stopped reading while"
                        + " every scrape slot was taken");
            }
            if (inFlight >= limit) {
                throw new ClientGoneException("The scraper read nothing for " + STALL_TIMEOUT_SECONDS + " s");
            }
        }
    }

    /** Fails the wait at once: too many scrapes wait for readers, and this one has waited longest. */
    private void evict() {
        synchronized (lock) {
            evicted = true;
            lock.notifyAll();
        }
    }

    /** Releasable once the in-flight bytes fall below the limit, a write fails, or the deadline passes. */
    private final class Drain implements ForkJoinPool.ManagedBlocker {

        private final long limit;
        private final long deadline;

        Drain(long limit, long deadline) {
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public boolean isReleasable() {
            synchronized (lock) {
                return releasable();
            }
        }

        @Override
        public boolean block() throws InterruptedException {
            synchronized (lock) {
                while (!releasable()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, deadline - System.nanoTime());
                }
            }
            return true;
        }

        private boolean releasable() {
            return failure != null || evicted || inFlight < limit || System.nanoTime() - deadline >= 0;
        }
    }
}
