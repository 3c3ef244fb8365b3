package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class PortBinderTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static ServerSocket listen(int port) throws IOException {
        return listen(new InetSocketAddress(LOOPBACK, port));
    }

    private static ServerSocket listen(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(address);
        return socket;
    }

    private static Optional<ServerSocket> bind(List<Integer> ports, Map<Integer, String> busy) throws IOException {
        return PortBinder.bindFirstFree(LOOPBACK, ports, (InetSocketAddress address) -> listen(address), busy);
    }

    @Test
    void takesTheFirstPortThatBindsAndReportsTheBusyOnes() throws IOException {
        try (ServerSocket taken = listen(0); ServerSocket taken2 = listen(0)) {
            int free;
            try (ServerSocket probe = listen(0)) {
                free = probe.getLocalPort();
            }
            Map<Integer, String> busy = new TreeMap<>();
            try (ServerSocket bound = bind(List.of(taken.getLocalPort(), taken2.getLocalPort(), free), busy).orElseThrow()) {
                assertEquals(free, bound.getLocalPort());
            }
            assertEquals(2, busy.size());
            assertTrue(busy.containsKey(taken.getLocalPort()) && busy.containsKey(taken2.getLocalPort()), busy::toString);
        }
    }

    @Test
    void aSecondBinderInTheSameJvmMovesToTheNextPort() throws IOException {
        int first;
        int second;
        try (ServerSocket a = listen(0); ServerSocket b = listen(0)) {
            first = a.getLocalPort();
            second = b.getLocalPort();
        }
        List<Integer> range = List.of(first, second);
        try (ServerSocket one = bind(range, new TreeMap<>()).orElseThrow();
                ServerSocket two = bind(range, new TreeMap<>()).orElseThrow()) {
            assertEquals(first, one.getLocalPort());
            assertEquals(second, two.getLocalPort());
        }
    }

    @Test
    void isEmptyWhenEveryPortIsBusy() throws IOException {
        try (ServerSocket taken = listen(0)) {
            Map<Integer, String> busy = new TreeMap<>();
            assertTrue(bind(List.of(taken.getLocalPort()), busy).isEmpty());
            assertEquals(List.of(taken.getLocalPort()), List.copyOf(busy.keySet()));
        }
    }
}
