package io.github.promexport.runtime.scrape;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The few things the scrape logic needs from an HTTP exchange, so that the same {@link Scraper} serves the
 * Vert.x route and the dedicated exporter, and is unit-tested without a server.
 */
public interface ScrapeExchange {

    /** The request method, upper case. */
    String method();

    /** All values of a request header joined with {@code ", "}, or {@code null}. */
    String header(String name);

    /** All values of a query parameter, possibly empty. */
    List<String> queryParameters(String name);

    /**
     * Sends a complete response with a short plain-text body ({@code null} for none, as for HEAD).
     * {@code extraHeaders} are name/value pairs.
     */
    void respond(int status, String contentType, String body, String... extraHeaders);

    /**
     * Starts a 200 response whose body is written to the returned stream; closing the stream ends the
     * response. {@code contentEncoding} is {@code null} for an identity body.
     */
    OutputStream startBody(String contentType, String contentEncoding) throws IOException;

    /**
     * Whether the scraper has closed the connection, so that a failure is its abandoning the scrape rather than
     * the application's. Transports that cannot tell throw {@link ClientGoneException} from their stream instead.
     */
    default boolean clientGone() {
        return false;
    }

    /** Whether the status line has been sent, so that an error can no longer become a 503. */
    boolean committed();

    /**
     * Ends the exchange after a failure once the status is committed: the client must see a broken response
     * rather than a truncated one that looks complete.
     */
    void abort();
}
