package io.github.promexport.runtime.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ScrapeExchange} that records what the scraper did with it. */
final class FakeExchange implements ScrapeExchange {

    final String method;
    final Map<String, String> requestHeaders = new HashMap<>();
    final Map<String, List<String>> query = new HashMap<>();

    Integer status;
    String contentType;
    String responseBody;
    final Map<String, String> responseHeaders = new HashMap<>();
    String contentEncoding;
    final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    boolean bodyStarted;
    boolean bodyClosed;
    boolean aborted;
    int respondCalls;

    /** When set, writes to the body fail after this many bytes. */
    Integer failAfterBytes;
    /** When set, writes to the body fail after this many bytes as a closed connection does. */
    Integer goneAfterBytes;
    /** What {@link #clientGone()} answers. */
    boolean gone;
    /** When set, thrown by {@link #queryParameters}, a stand-in for any transport bug before the body. */
    RuntimeException queryFailure;
    /** When set, thrown by {@link #header} and {@link #respond}: a transport broken everywhere. */
    RuntimeException everywhere;

    /** Whether the status line counts as sent once the body has started. */
    boolean commitsOnStart;

    FakeExchange(String method) {
        this.method = method;
    }

    FakeExchange header(String name, String value) {
        requestHeaders.put(name, value);
        return this;
    }

    FakeExchange queryParameter(String name, String value) {
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String header(String name) {
        if (everywhere != null) {
            throw everywhere;
        }
        return requestHeaders.get(name);
    }

    @Override
    public List<String> queryParameters(String name) {
        if (queryFailure != null) {
            throw queryFailure;
        }
        return query.getOrDefault(name, List.of());
    }

    @Override
    public void respond(int status, String contentType, String body, String... extraHeaders) {
        respondCalls++;
        if (everywhere != null) {
            throw everywhere;
        }
        this.status = status;
        this.contentType = contentType;
        this.responseBody = body;
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            responseHeaders.put(extraHeaders[i], extraHeaders[i + 1]);
        }
    }

    @Override
    public OutputStream startBody(String contentType, String contentEncoding) {
        this.status = 200;
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.bodyStarted = true;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (goneAfterBytes != null && streamed.size() + length > goneAfterBytes) {
                    gone = true;
                    throw new ClientGoneException("closed by the fake scraper");
                }
                if (failAfterBytes != null && streamed.size() + length > failAfterBytes) {
                    throw new IOException("connection reset by the fake");
                }
                streamed.write(bytes, offset, length);
            }

            @Override
            public void close() {
                bodyClosed = true;
            }
        };
    }

    @Override
    public boolean clientGone() {
        return gone;
    }

    @Override
    public boolean committed() {
        return bodyStarted && commitsOnStart;
    }

    @Override
    public void abort() {
        aborted = true;
    }
}
