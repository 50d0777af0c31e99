package io.namesrv.remoting;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The server on a real socket: broken input closes that connection only. */
@Timeout(30)
class NamesrvRemotingTest {
    private NameServer nameServer;
    private NamesrvRemoting remoting;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws InterruptedException {
        start(NamesrvConfig.SERVER_SELECTOR_THREADS.defaultValue());
    }

    private void start(String ioThreads) throws InterruptedException {
        NamesrvConfig config = NamesrvConfig.of(Map.of(NamesrvConfig.LISTEN_PORT.name(), "0",
            NamesrvConfig.BIND_ADDRESS.name(), "127.0.0.1", NamesrvConfig.FRAME_MAX_LENGTH.name(), "65536",
            NamesrvConfig.SERVER_SELECTOR_THREADS.name(), ioThreads));
        nameServer = new NameServer(config, RouteStores.byName("memory", getClass().getClassLoader()).open(config),
            Clock.systemUTC());
        nameServer.load();
        remoting = new NamesrvRemoting(nameServer);
        address = remoting.start();
    }

    @AfterEach
    void stop() {
        remoting.close();
        nameServer.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static RemotingCommand send(Socket socket, RemotingCommand request) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        CommandCodec.encode(request, frame);
        socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return CommandCodec.decode(Unpooled.wrappedBuffer(response));
    }

    @Test
    void garbageClosesItsConnectionAndTheNextOneIsServed() throws IOException {
        try (Socket bad = connect()) {
            bad.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4});
            assertEquals(-1, bad.getInputStream().read(), "the server closed the connection");
        }
        try (Socket good = connect()) {
            RemotingCommand response = send(good, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null)
                .opaque(77));
            assertEquals(ResponseCode.SUCCESS, response.code());
            assertEquals(77, response.opaque());
        }
    }

    @Test
    void writesAreServedOnTheWorkers() throws IOException {
        try (Socket socket = connect()) {
            RemotingCommand put = send(socket, RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                Map.of("namespace", "ns", "key", "k", "value", "v")).opaque(1));
            assertEquals(ResponseCode.SUCCESS, put.code());
            RemotingCommand get = send(socket, RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                Map.of("namespace", "ns", "key", "k")).opaque(2));
            assertEquals("v", get.extField("value"));
        }
    }

    @Test
    void ioThreadsYieldOnlyWhenTheyOutnumberTheCpusAndServeEitherWay() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int ioThreads : new int[] {1, cpus + 1}) {
            stop();
            start(Integer.toString(ioThreads));
            assertEquals(ioThreads > cpus, remoting.transport().contains("yielding"), remoting.transport());
            // more connections than I/O threads, so that every thread serves some
            for (int connection = 0; connection < 2 * ioThreads; connection++) {
                try (Socket socket = connect()) {
                    RemotingCommand response = send(socket,
                        RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null).opaque(connection));
                    assertEquals(ResponseCode.SUCCESS, response.code());
                    assertEquals(connection, response.opaque());
                }
            }
        }
    }
}
