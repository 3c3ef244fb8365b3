package io.github.promexport.runtime.exporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import io.github.promexport.runtime.scrape.ClientGoneException;
import io.github.promexport.runtime.scrape.ScrapeExchange;

/**
 * A {@link ScrapeExchange} over a JDK {@link HttpExchange}, for the dedicated exporter. It is used by one thread
 * at a time: the exporter thread that runs the whole exchange.
 */
final class HttpServerScrapeExchange implements ScrapeExchange {

    /** A body that fits is sent with a {@code Content-Length}; a larger one is streamed in chunks. */
    static final int BUFFER = 64 * 1024;

    private final HttpExchange exchange;
    private boolean committed;
    private boolean aborted;

    HttpServerScrapeExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    @Override
    public String header(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    @Override
    public List<String> queryParameters(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        List<String> values = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // A malformed escape spoils this parameter only, as in Vert.x.
            }
        }
        return values;
    }

    @Override
    public void respond(int status, String contentType, String body, String... extraHeaders) {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            headers.set(extraHeaders[i], extraHeaders[i + 1]);
        }
        try {
            committed = true;
            if (body == null || method().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream startBody(String contentType, String contentEncoding) {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        if (contentEncoding != null) {
            headers.set("Content-Encoding", contentEncoding);
        }
        return new BodyStream();
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** Whether the connection must be dropped instead of ending the response. */
    boolean aborted() {
        return aborted;
    }

    /**
     * Buffers up to {@value #BUFFER} bytes, then switches to chunked transfer encoding. After a failed write the
     * stream is broken: closing it does not end the response, so the exchange can be aborted.
     */
    private final class BodyStream extends OutputStream {

        private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        private OutputStream out;
        private boolean broken;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed || broken) {
                throw new IOException("The metrics response is already closed");
            }
            try {
                if (out != null) {
                    out.write(bytes, offset, length);
                    return;
                }
                buffer.write(bytes, offset, length);
                if (buffer.size() >= BUFFER) {
                    committed = true;
                    exchange.sendResponseHeaders(200, 0);
                    out = exchange.getResponseBody();
                    buffer.writeTo(out);
                    buffer = null;
                }
            } catch (IOException e) {
                // The JDK server writes straight to the socket: a failed write is a connection the scraper closed.
                broken = true;
                throw new ClientGoneException("The scraper closed the connection", e);
            } catch (RuntimeException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed || broken) {
                return;
            }
            closed = true;
            try {
                if (out == null) {
                    committed = true;
                    exchange.sendResponseHeaders(200, buffer.size() == 0 ? -1 : buffer.size());
                    buffer.writeTo(exchange.getResponseBody());
                }
                exchange.getResponseBody().close();
            } catch (IOException e) {
                throw new ClientGoneException("The scraper closed the connection", e);
            }
        }
    }
}
