package io.github.promexport.runtime.exposition;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;

/**
 * The outcome of content negotiation: the writer to use, its content type and the name escaping the scraper
 * asked for.
 */
public record ExpositionFormat(ExpositionFormatWriter writer, EscapingScheme escaping) {

    public String contentType() {
        return writer.getContentType();
    }
}
