package io.github.promexport.deployment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client will send (malformed headers) and for clients that hang
 * up at a chosen moment. Bounded: every read times out after 10 s.
 */
final class RawHttp {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /**
     * Sends {@code GET path} with the given header lines and {@code Connection: close}, reads the whole response
     * and returns its status code ({@code -1} when the server closed the connection without a status line).
     */
    static int status(int port, String path, String... headerLines) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            send(socket, path, headerLines);
            byte[] response = readAll(socket.getInputStream());
            String head = new String(response, 0, Math.min(response.length, 64), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(head.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code GET path} with the header lines on an open socket. */
    static void send(Socket socket, String path, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }
}
