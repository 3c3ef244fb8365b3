package io.github.promexport.runtime.exposition;

import java.io.IOException;
import java.util.List;

import io.quarkus.arc.ManagedContext;

/**
 * Reads the registry inside a CDI request context, so that a gauge whose function calls a {@code @RequestScoped}
 * bean, or an {@code EntityManager}, Panache or JDBC query that needs one, works on the scrape threads (where none is
 * active) as it would in a request. A context is activated for the scrape when none is active, and terminated after
 * it, which destroys the request-scoped beans the gauges created. Every value is read in {@link #render} (the
 * {@link Exposition} contract: the returned body only writes bytes), so the context covers every gauge read, on the
 * fast path and the client's alike, and is gone before the first byte is written to a scraper that may read slowly.
 */
public final class RequestContextExposition implements Exposition {

    private final Exposition delegate;
    private final ManagedContext requestContext;

    public RequestContextExposition(Exposition delegate, ManagedContext requestContext) {
        this.delegate = delegate;
        this.requestContext = requestContext;
    }

    @Override
    public Body render(ExpositionFormat format, List<String> sampleNames) throws IOException {
        if (requestContext.isActive()) {
            return delegate.render(format, sampleNames);
        }
        requestContext.activate();
        try {
            return delegate.render(format, sampleNames);
        } finally {
            requestContext.terminate();
        }
    }
}
