package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

class RandomUnmatchedPathsGiveOneNotFoundSeriesTest {

    static final int REQUESTS = 2_000;

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Exposition.class));

    @TestHTTPResource("/")
    URL root;

    @Test
    void thousandsOfUnknownPathsShareTheNotFoundSeries() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < REQUESTS; i++) {
            URI uri = root.toURI().resolve("/missing/" + UUID.randomUUID() + "/" + i + "?q=" + i);
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(404, response.statusCode());
        }

        String exposition = Exposition.scrape();

        List<String> requests = Exposition.samples(exposition, "http_server_requests_seconds_count");
        assertEquals(1, requests.size(), exposition);
        assertTrue(requests.get(0).contains("uri=\"NOT_FOUND\""), requests.get(0));
        assertTrue(requests.get(0).contains("outcome=\"CLIENT_ERROR\""), requests.get(0));
        assertEquals(REQUESTS, Exposition.value(requests.get(0)));
    }
}
