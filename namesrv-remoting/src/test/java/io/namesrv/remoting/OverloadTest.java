package io.namesrv.remoting;

import ch.qos.logback.classic.Level;
import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.core.testkit.TestCertificates;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overload limits on a real server on 127.0.0.1: connection cap, idle timeout, slow readers, also over TLS. */
@Timeout(90)
class OverloadTest {
    private static final int FRAMES_PER_WRITE = 500;
    private static final int HIGH_WATER_MARK = Integer.parseInt(NamesrvConfig.WRITE_BUFFER_HIGH_WATER_MARK.defaultValue());
    private static final String CONNECTION_LIMITER = "io.namesrv.remoting.netty.ConnectionLimiter";

    private LoopbackServer server;
    /** Route queries a slow reader pipelines; the writer stalls at about 30,000 with the default high water mark. */
    private int pipelined = 100_000;
    /** When set, the server enforces TLS with these and {@link #connect(int)} makes TLS connections. */
    private TestCertificates tls;

    private void start(Map<String, String> settings) throws InterruptedException {
        Map<String, String> all = new HashMap<>(settings);
        if (tls != null) {
            all.put(NamesrvConfig.TLS_SERVER_MODE.name(), "enforcing");
            all.put(NamesrvConfig.TLS_SERVER_CERT_PATH.name(), tls.serverCert().toString());
            all.put(NamesrvConfig.TLS_SERVER_KEY_PATH.name(), tls.serverKey().toString());
        }
        server = LoopbackServer.start(all);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect(int receiveBuffer) throws IOException {
        Socket socket = tls == null ? new Socket() : ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager(tls.caCert().toFile()).build()).context().getSocketFactory().createSocket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        return server.connect(socket);
    }

    private static byte[] routeQuery(int opaque) {
        return encode(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "TopicTest"))
            .opaque(opaque));
    }

    private static byte[] encode(RemotingCommand request) {
        request.version(RemotingCommand.SERVER_VERSION);
        ByteBuf frame = Unpooled.buffer();
        CommandCodec.encode(request, frame);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        return bytes;
    }

    private static RemotingCommand read(Socket socket) throws IOException {
        return read(new DataInputStream(socket.getInputStream()));
    }

    private static RemotingCommand read(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return CommandCodec.decode(Unpooled.wrappedBuffer(frame));
    }

    private static RemotingCommand exchange(Socket socket, int opaque) throws IOException {
        socket.getOutputStream().write(routeQuery(opaque));
        return read(socket);
    }

    private static void await(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnceAndLoggedOnce() throws Exception {
        start(Map.of(NamesrvConfig.SERVER_MAX_CONNECTIONS.name(), "2"));
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            Socket first = connect(0);
            Socket second = connect(0);
            assertEquals(ResponseCode.SUCCESS, exchange(first, 1).code());
            assertEquals(ResponseCode.SUCCESS, exchange(second, 2).code());
            for (int i = 0; i < 5; i++) {
                Socket refused = connect(0);
                assertEquals(-1, refused.getInputStream().read(), "connection " + (i + 3) + " is closed by the server");
            }
            await(() -> logs.count(CONNECTION_LIMITER, Level.WARN, "Refused") > 0, 2_000, "a log line");
            assertEquals(1, logs.count(CONNECTION_LIMITER, Level.WARN, "Refused"),
                "five refusals within the log interval make one line");
            assertEquals(2, server.remoting.openConnections());

            first.close();
            await(() -> server.remoting.openConnections() == 1, 5_000, "the closed connection is counted out");
            assertEquals(ResponseCode.SUCCESS, exchange(connect(0), 3).code(), "a place is free again");
            assertEquals(ResponseCode.SUCCESS, exchange(second, 4).code());
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        start(Map.of(NamesrvConfig.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS.name(), "1"));
        Socket idle = connect(0);
        assertEquals(ResponseCode.SUCCESS, exchange(idle, 1).code());
        long quiet = System.nanoTime();
        assertEquals(-1, idle.getInputStream().read(), "the server closes the connection");
        long millis = (System.nanoTime() - quiet) / 1_000_000;
        assertTrue(millis >= 900 && millis < 5_000, "closed after " + millis + " ms of silence");
        await(() -> server.remoting.openConnections() == 0, 2_000, "the idle connection is counted out");
    }

    /** Settings that keep the kernel's buffers small, so that the server's own buffering shows. */
    private static Map<String, String> slowReaderSettings(int highWaterMark, int idleSeconds) {
        return Map.of(NamesrvConfig.WRITE_BUFFER_HIGH_WATER_MARK.name(), Integer.toString(highWaterMark),
            NamesrvConfig.WRITE_BUFFER_LOW_WATER_MARK.name(), Integer.toString(highWaterMark / 2),
            NamesrvConfig.SERVER_SOCKET_SND_BUF_SIZE.name(), "65536",
            NamesrvConfig.SERVER_SOCKET_RCV_BUF_SIZE.name(), "65536",
            NamesrvConfig.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS.name(), Integer.toString(idleSeconds));
    }

    /** Writes the pipelined route queries from its own thread; stops when the socket closes. */
    private Thread pipeline(Socket socket, AtomicInteger written) {
        byte[] one = routeQuery(1);
        byte[] batch = new byte[one.length * FRAMES_PER_WRITE];
        for (int i = 0; i < FRAMES_PER_WRITE; i++) {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                while (written.get() < pipelined) {
                    out.write(batch);
                    written.addAndGet(FRAMES_PER_WRITE);
                }
            } catch (IOException closed) {
                // the test closed the socket, or the server did
            }
        }, "slow-reader-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** Waits until the writer has been blocked for a second: the server stopped reading. */
    private void awaitStall(AtomicInteger written) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int last = -1;
        long sameSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = written.get();
            assertTrue(now < pipelined, "the server read all " + pipelined + " requests of a client that reads nothing");
            if (now != last) {
                last = now;
                sameSince = System.nanoTime();
            } else if (System.nanoTime() - sameSince > 1_000_000_000L) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the writer never stalled");
    }

    @Test
    void withTheDefaultsAClientThatDoesNotReadStopsBeingReadAndHoldsLittle() throws Exception {
        assertEquals(0, slowReader(HIGH_WATER_MARK), "paused before the in-flight cap: nothing refused, nothing lost");
    }

    /** TLS sits before the frame decoder: the same limits see the decrypted requests and hold the encrypted answers. */
    @Test
    void overTlsAClientThatDoesNotReadStopsBeingReadAndHoldsLittle(@TempDir Path certDir) throws Exception {
        tls = TestCertificates.createIn(certDir);
        // fewer than without TLS, still well past the stall: reading them back decrypts every answer
        pipelined = 50_000;
        assertEquals(0, slowReader(HIGH_WATER_MARK), "paused before the in-flight cap: nothing refused, nothing lost");
    }

    /**
     * With a high mark of 1 MiB, more answers fit under it than the in-flight cap allows (1024 route
     * answers of under 500 bytes): the cap answers the rest SYSTEM_BUSY until the short refusals reach
     * the mark too. (With the default 64 KiB the pause comes first, and nothing is refused.)
     */
    @Test
    void underALargeHighWaterMarkTheInFlightCapRefusesTheRest() throws Exception {
        int busy = slowReader(1024 * 1024);
        assertTrue(busy > 0, "the in-flight cap answered SYSTEM_BUSY");
    }

    /** A client pipelines route queries without reading, then reads them all; returns the SYSTEM_BUSY answers. */
    private int slowReader(int highWaterMark) throws Exception {
        start(slowReaderSettings(highWaterMark, 120));
        int answerBytes = routeAnswerBytes();
        Socket slow = connect(4096);
        AtomicInteger written = new AtomicInteger();
        Thread writer = pipeline(slow, written);
        awaitStall(written);

        long pending = server.remoting.pendingOutboundBytes();
        int stalledAt = written.get();
        long unbounded = (long) stalledAt * answerBytes;
        // the high water mark, passed by the answers to the requests of the read that crossed it
        long bound = highWaterMark + 1024L * (answerBytes + 128);
        assertTrue(pending > 0 && pending <= bound, "holds " + pending + " bytes of answers, bound " + bound);
        long started = System.nanoTime();
        assertEquals(ResponseCode.SUCCESS, exchange(connect(0), 7).code(), "another client is served meanwhile");
        long otherMillis = (System.nanoTime() - started) / 1_000_000;

        int busy = 0;
        DataInputStream answers = new DataInputStream(new BufferedInputStream(slow.getInputStream()));
        for (int answered = 0; answered < pipelined; answered++) {
            int code = read(answers).code();
            assertTrue(code == ResponseCode.SUCCESS || code == ResponseCode.SYSTEM_BUSY, "answer " + code);
            busy += code == ResponseCode.SYSTEM_BUSY ? 1 : 0;
        }
        writer.join(10_000);
        await(() -> server.remoting.pendingOutboundBytes() == 0, 5_000, "every answer taken once the client reads");
        slow.close();
        await(() -> server.remoting.openConnections() == 1, 5_000, "the slow client counted out once it closes");
        System.out.printf("OverloadTest: high water mark %d: a client pipelining %d route queries without reading "
                + "stalled after %d written; the server held %d bytes of answers (answers of %d bytes: %d for the "
                + "requests written); another client answered in %d ms; once read, %d answers were SYSTEM_BUSY%n",
            highWaterMark, pipelined, stalledAt, pending, answerBytes, unbounded, otherMillis, busy);
        return busy;
    }

    /**
     * Small requests for large answers, all in one read: those read past the mark wait, decoded,
     * until the client reads, instead of being answered at once.
     */
    @Test
    void largeAnswersToOneReadOfSmallRequestsWaitForTheClient() throws Exception {
        start(slowReaderSettings(HIGH_WATER_MARK, 120));
        server.nameServer.routes().registerBroker(Registrations.broker("broker-b", "127.0.0.1:10921")
            .topics("many-topics-", 10_000, 1).build());
        int requests = 200;
        byte[] one = encode(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, null));
        byte[] pipelined = new byte[one.length * requests];
        for (int i = 0; i < requests; i++) {
            System.arraycopy(one, 0, pipelined, i * one.length, one.length);
        }
        Socket slow = connect(4096);
        slow.getOutputStream().write(pipelined);
        await(() -> server.remoting.pendingOutboundBytes() > HIGH_WATER_MARK, 10_000, "answers pile up");
        Thread.sleep(500);
        long pending = server.remoting.pendingOutboundBytes();

        DataInputStream answers = new DataInputStream(new BufferedInputStream(slow.getInputStream()));
        RemotingCommand first = read(answers);
        assertEquals(ResponseCode.SUCCESS, first.code());
        int answerBytes = first.body().length;
        assertTrue(pending <= HIGH_WATER_MARK + 2L * answerBytes, "held " + pending + " bytes for answers of "
            + answerBytes + " bytes each, " + (long) requests * answerBytes + " for all");
        for (int answered = 1; answered < requests; answered++) {
            assertEquals(ResponseCode.SUCCESS, read(answers).code(), "answer " + answered);
        }
        await(() -> server.remoting.pendingOutboundBytes() == 0, 5_000, "every answer taken once the client reads");
        System.out.printf("OverloadTest: %d GET_ALL_TOPIC_LIST requests in one write, answers of %d bytes, not read: "
            + "the server held %d bytes (%d for all); all answered once read%n", requests, answerBytes, pending,
            (long) requests * answerBytes);
    }

    @Test
    void aClientThatNeverReadsIsClosedByTheIdleTimeout() throws Exception {
        start(slowReaderSettings(HIGH_WATER_MARK, 2));
        Socket slow = connect(4096);
        AtomicInteger written = new AtomicInteger();
        Thread writer = pipeline(slow, written);
        awaitStall(written);
        await(() -> server.remoting.openConnections() == 0, 10_000, "the stalled connection is closed");
        await(() -> server.remoting.pendingOutboundBytes() == 0, 2_000, "and its answers released");
        slow.close();
        writer.join(10_000);
    }

    private int routeAnswerBytes() throws IOException {
        Socket probe = connect(0);
        RemotingCommand answer = exchange(probe, 1);
        assertEquals(ResponseCode.SUCCESS, answer.code());
        ByteBuf encoded = Unpooled.buffer();
        CommandCodec.encode(answer, encoded);
        int bytes = encoded.readableBytes();
        encoded.release();
        probe.close();
        return bytes;
    }
}
