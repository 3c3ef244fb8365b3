package io.github.promexport.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for tests, found at run time, never fixed numbers. A test class is loaded twice (by JUnit, then by
 * Quarkus), so what it picks is kept in a system property named after it, and sockets held open stay with the
 * copy that opened them.
 */
final class Ports {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final List<ServerSocket> HELD = new ArrayList<>();

    private Ports() {
    }

    /** A port that is free now, the same for every copy of the asking class. */
    static int free(Class<?> owner) {
        String key = "promexport.test." + owner.getSimpleName() + ".free";
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (ServerSocket socket = listen(0)) {
            System.setProperty(key, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first of {@code busy + free} consecutive ports on the loopback address: the first {@code busy} are held
     * by this JVM until it exits, the others are free now.
     */
    static synchronized int consecutive(Class<?> owner, int busy, int free) {
        String key = "promexport.test." + owner.getSimpleName() + ".consecutive";
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                ServerSocket first = listen(0);
                sockets.add(first);
                int start = first.getLocalPort();
                if (start + busy + free - 1 > 65535) {
                    continue;
                }
                for (int port = start + 1; port < start + busy + free; port++) {
                    sockets.add(listen(port));
                }
                for (int i = 0; i < sockets.size(); i++) {
                    if (i < busy) {
                        HELD.add(sockets.get(i));
                    } else {
                        sockets.get(i).close();
                    }
                }
                sockets.clear();
                System.setProperty(key, Integer.toString(start));
                return start;
            } catch (IOException e) {
                // One of the following ports is taken: try elsewhere.
            } finally {
                for (ServerSocket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // ignored
                    }
                }
            }
        }
        throw new IllegalStateException("No " + (busy + free) + " consecutive free ports found");
    }

    /** Whether a server could listen on the port of the loopback address now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = listen(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(LOOPBACK, port));
        return socket;
    }
}
