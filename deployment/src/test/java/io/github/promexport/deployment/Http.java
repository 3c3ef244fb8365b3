package io.github.promexport.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Raw HTTP/1.1 requests for the tests that need exact control: unlike RestAssured, the JDK client sends no
 * {@code Accept} and no {@code Accept-Encoding} unless told to, never decompresses, and takes explicit timeouts
 * for tests that must tell "answered in time" from "never answered". Headers are name/value pairs.
 */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** GET with a 30 s timeout, the body as bytes. */
    static HttpResponse<byte[]> get(URI uri, String... headers) {
        try {
            return CLIENT.send(request(uri, Duration.ofSeconds(30), headers), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET with the given timeout, the body as text; a timeout is an {@code HttpTimeoutException}. */
    static HttpResponse<String> get(URI uri, Duration timeout, String... headers) throws IOException {
        try {
            return CLIENT.send(request(uri, timeout, headers), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static CompletableFuture<HttpResponse<String>> getAsync(URI uri, Duration timeout) {
        return CLIENT.sendAsync(request(uri, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri, Duration timeout, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }
}
