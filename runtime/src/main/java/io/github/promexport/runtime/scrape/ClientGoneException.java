package io.github.promexport.runtime.scrape;

import java.io.IOException;

/**
 * Thrown by a transport's response stream or {@link ScrapeExchange#respond} when the scraper has closed the
 * connection: the scrape was abandoned (Prometheus hangs up at its {@code scrape_timeout}), which is the client's
 * business, not a failure of the application. The {@link Scraper} logs it at DEBUG and counts it as
 * {@code client_gone}.
 */
public class ClientGoneException extends IOException {

    private static final long serialVersionUID = 1L;

    public ClientGoneException(String message) {
        super(message);
    }

    public ClientGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
