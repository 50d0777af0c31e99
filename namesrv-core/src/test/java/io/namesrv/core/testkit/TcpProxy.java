package io.namesrv.core.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards TCP connections to a database, and plays its disappearance: {@link #cut()} drops every
 * connection and refuses new ones until {@link #restore()}; {@link #cutAfter(long)} drops them once
 * that many more bytes have gone towards the database, to fail a transaction half-way.
 */
public final class TcpProxy implements AutoCloseable {
    private static final long NEVER = Long.MAX_VALUE;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesUntilCut = new AtomicLong(NEVER);
    private volatile boolean down;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void cut() {
        down = true;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    public void cutAfter(long bytes) {
        bytesUntilCut.set(bytes);
    }

    public void restore() {
        bytesUntilCut.set(NEVER);
        down = false;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (down) {
                closeQuietly(client);
            } else {
                connect(client);
            }
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        sockets.add(client);
        sockets.add(server);
        pump(client, server, true);
        pump(server, client, false);
    }

    private void pump(Socket from, Socket to, boolean towardsTarget) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (towardsTarget && bytesUntilCut.addAndGet(-n) < 0) {
                        cut();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }
}
