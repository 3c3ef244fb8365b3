package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * An exposition larger than the route's 64 KiB buffer is sent with chunked transfer encoding, without a
 * {@code Content-Length}, and arrives complete.
 */
class LargeExpositionIsSentChunkedTest {

    static final int SERIES = 20_000;

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ManySeries.class, Http.class, Exposition.class));

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void wholeExpositionArrivesChunkedAndComplete() throws URISyntaxException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI());
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("chunked"), response.headers().firstValue("Transfer-Encoding"));
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "no Content-Length");
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.length() > 4 * 64 * 1024, "several 64 KiB chunks, got " + body.length() + " bytes");
        long series = Exposition.samples(body).stream().filter(s -> s.startsWith("many_series{")).count();
        assertEquals(SERIES, series);
        // Families are written in name order, so this one comes last.
        assertThat(body, endsWith("zzz_last_family 1.0\n"));
    }

    @Singleton
    public static class ManySeries implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            for (int i = 0; i < SERIES; i++) {
                Gauge.builder("many.series", () -> 1).tag("index", String.valueOf(i)).register(registry);
            }
            Gauge.builder("zzz.last.family", () -> 1).register(registry);
        }
    }
}
