package io.namesrv.dist.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free local TCP ports. Ports handed out by this JVM are remembered, so two child processes
 * started by the same test run never get the same port even before either has bound it.
 *
 * <p>Candidates are drawn from 12000-31999, below Linux's default ephemeral range (32768-60999),
 * so that an outgoing connection is unlikely to grab a port between our check and the child's bind.
 */
public final class FreePorts {

    private static final int LOW = 12_000;
    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 2_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** One free port. */
    public static int port() {
        return block(0, 0);
    }

    /**
     * A port {@code p} for a RocketMQ 5.x broker's {@code listenPort}: {@code p - 2} (fast remoting
     * server, always opened), {@code p} and {@code p + 1} (HA service) are all free.
     */
    public static int brokerPort() {
        return block(2, 1);
    }

    /** A port {@code p} such that {@code p - below .. p + above} are all free. */
    public static synchronized int block(int below, int above) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int p = random.nextInt(LOW + below, HIGH - above);
            boolean ok = true;
            for (int q = p - below; q <= p + above && ok; q++) {
                ok = !HANDED_OUT.contains(q) && isFree(q);
            }
            if (ok) {
                for (int q = p - below; q <= p + above; q++) {
                    HANDED_OUT.add(q);
                }
                return p;
            }
        }
        throw new IllegalStateException("no free block of " + (below + above + 1) + " ports after " + ATTEMPTS + " attempts");
    }

    /** Whether the port can be bound on the wildcard address (what Netty servers bind by default). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
