package io.github.promexport.runtime.exposition;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Where a scrape's bytes come from: the one entry point that turns the registry into an exposition body, whatever
 * transport carries it. {@link ClientExposition} renders through the Prometheus client's writers;
 * {@code fast.FastExposition} writes Micrometer's meters from a cached layout and delegates to the client path for
 * what it cannot serve.
 */
public interface Exposition {

    /**
     * Reads the registry for one scrape. Every value is read here, before any byte is written, so that a failure
     * can still become an error status; the returned body only writes.
     *
     * @param format the negotiated writer and name escaping
     * @param sampleNames the requested sample names ({@code name[]}); empty for all
     */
    Body render(ExpositionFormat format, List<String> sampleNames) throws IOException;

    /** A rendered scrape; written once. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
