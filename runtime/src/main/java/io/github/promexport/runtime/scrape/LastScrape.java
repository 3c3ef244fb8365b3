package io.github.promexport.runtime.scrape;

/**
 * What the most recent scrape of one endpoint was: kept by {@link ScrapeOutcomes} for the Dev UI, one immutable
 * value replaced per scrape.
 *
 * @param endpoint {@link ScrapeOutcomes#ROUTE} or {@link ScrapeOutcomes#EXPORTER}
 * @param finishedAtMillis when it ended, epoch milliseconds
 * @param durationNanos how long it took, from a scrape thread starting it to its last byte or its failure
 * @param bytes the exposition bytes written, before gzip; {@code 0} for a HEAD request
 * @param contentType the negotiated content type, or {@code null} when negotiation itself failed
 * @param gzip whether the body was gzip-compressed on the wire
 * @param result how it ended
 */
public record LastScrape(String endpoint, long finishedAtMillis, long durationNanos, long bytes, String contentType,
        boolean gzip, ScrapeOutcomes.Result result) {
}
