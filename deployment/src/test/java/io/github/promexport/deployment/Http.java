package io.github.promexport.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP calls with explicit timeouts, for tests that must tell "answered in time" from "never answered". */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

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
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }
}
