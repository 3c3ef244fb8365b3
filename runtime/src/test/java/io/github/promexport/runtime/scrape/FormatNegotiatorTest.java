package io.github.promexport.runtime.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

class FormatNegotiatorTest {

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private final FormatNegotiator negotiator = new FormatNegotiator(
            ExpositionFormats.init(ExporterProperties.builder().build()));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // no preference
            "''                                                            | TEXT",
            "'   '                                                         | TEXT",
            // quality values
            "text/plain;q=1, application/openmetrics-text;q=0.1            | TEXT",
            "text/plain;q=0.2, application/openmetrics-text;q=0.9          | OPEN_METRICS",
            "text/plain;q=0.5, application/openmetrics-text                | OPEN_METRICS",
            "application/openmetrics-text ; Q=0.1 , text/plain ; q=0.2     | TEXT",
            // ties: the range listed first wins
            "application/openmetrics-text, text/plain                      | OPEN_METRICS",
            "text/plain, application/openmetrics-text                      | TEXT",
            "text/plain;q=0.5, application/openmetrics-text;q=0.5          | TEXT",
            // q=0 and invalid weights make a range unusable, not the whole header
            "application/openmetrics-text;q=0                              | TEXT",
            "application/openmetrics-text;q=abc, text/plain;q=0.1          | TEXT",
            "application/openmetrics-text;q=1.5, text/plain;q=0.1          | TEXT",
            "application/openmetrics-text;q=-1                             | TEXT",
            "text/plain;q=, application/openmetrics-text;q=0.1             | OPEN_METRICS",
            // media types are case-insensitive; wildcards give text
            "Application/OpenMetrics-Text                                  | OPEN_METRICS",
            "*/*                                                           | TEXT",
            "text/*;q=0.9, application/json                                | TEXT",
            // nothing we can write: text rather than a 406
            "application/json                                              | TEXT",
            "application/json, application/xml;q=0.9                       | TEXT",
            // protobuf only with the MetricFamily proto parameter
            "application/vnd.google.protobuf                               | TEXT",
            "application/vnd.google.protobuf;proto=other.Message           | TEXT",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited | PROTOBUF",
            "application/vnd.google.protobuf;proto=\"io.prometheus.client.MetricFamily\"                  | PROTOBUF",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,application/openmetrics-text;version=1.0.0;q=0.5 | PROTOBUF",
            // malformed headers: text, never an exception
            "';'                                                           | TEXT",
            "',,,'                                                         | TEXT",
            "';q='                                                         | TEXT",
            "'text/plain;q='                                               | TEXT",
            "'application/openmetrics-text;q='                             | TEXT",
            "'application/openmetrics-text;;;'                             | OPEN_METRICS",
            "'=;=,=;'                                                      | TEXT",
            "'application/openmetrics-text;escaping=nonsense'              | OPEN_METRICS",
            "'application/openmetrics-text;escaping='                      | OPEN_METRICS",
            // real scrapers
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2 | OPEN_METRICS",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | OPEN_METRICS" })
    void picksTheFormatTheScraperPrefers(String accept, String expected) {
        String contentType = switch (expected) {
            case "TEXT" -> TEXT;
            case "OPEN_METRICS" -> OPEN_METRICS;
            default -> PROTOBUF;
        };
        assertEquals(contentType, negotiator.negotiate(accept).contentType());
    }

    @Test
    void noHeaderGivesTextWithDefaultEscaping() {
        ExpositionFormat format = negotiator.negotiate(null);
        assertEquals(TEXT, format.contentType());
        assertEquals(EscapingScheme.DEFAULT, format.escaping());
    }

    @Test
    void escapingFollowsTheHeader() {
        assertEquals(EscapingScheme.ALLOW_UTF8,
                negotiator.negotiate("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8").escaping());
    }

    @Test
    void repeatedHeaderIsAnsweredFromTheCache() {
        String accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
        assertSame(negotiator.negotiate(accept), negotiator.negotiate(accept));
    }

    @Test
    void cacheStopsGrowingButAnswersStayCorrect() {
        for (int i = 0; i < 1000; i++) {
            negotiator.negotiate("application/json;n=" + i);
        }
        String late = "application/openmetrics-text;late=1";
        ExpositionFormat first = negotiator.negotiate(late);
        assertEquals(OPEN_METRICS, first.contentType());
        // Not cached: the cache filled up with the first headers.
        assertNotSame(first, negotiator.negotiate(late));
    }

    @Test
    void longHeaderIsNegotiatedButNotKept() {
        String longAccept = "application/openmetrics-text;" + "x=1;".repeat(1 << 18);
        ExpositionFormat first = negotiator.negotiate(longAccept);
        assertEquals(OPEN_METRICS, first.contentType());
        assertNotSame(first, negotiator.negotiate(longAccept), "a 1 MiB header is not cached");
    }
}
