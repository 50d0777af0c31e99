package io.namesrv.dist.jmh;

import io.namesrv.dist.bench.BrokerIdentity;
import io.namesrv.dist.bench.RegistrationFrames;
import io.namesrv.remoting.netty.RemotingFrameDecoder;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.stream.IntStream;

/**
 * A broker's REGISTER_BROKER frame of 10,000 topics (1.7 MB, the real broker's body) arriving in
 * reads of 64 KiB, the most Netty's adaptive allocator reads at once, through the server's frame
 * decoder into a command: with the reads kept until the frame is whole ({@code composite}, what the
 * server does) and with Netty's default of copying them into one growing buffer ({@code merge}).
 */
@State(Scope.Benchmark)
public class FrameDecoderBenchmark {
    private static final int READ_SIZE = 64 * 1024;

    @Param({"composite", "merge"})
    public String cumulator;

    private final PooledByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private byte[] frame;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        byte[] body = RegistrationFrames.apacheBody(IntStream.range(0, 10_000).mapToObj(i -> "topic-" + i).toList());
        RemotingCommand request = RegistrationFrames.registerRequest(
            new BrokerIdentity("bench-cluster", "bench-broker", "127.0.0.1:10911"), body, 120_000, 479);
        ByteBuf encoded = Unpooled.buffer(body.length + 1024);
        CommandCodec.encode(request, encoded);
        frame = new byte[encoded.readableBytes()];
        encoded.readBytes(frame);
        RemotingFrameDecoder decoder = new RemotingFrameDecoder(16 * 1024 * 1024);
        if (cumulator.equals("merge")) {
            decoder.setCumulator(ByteToMessageDecoder.MERGE_CUMULATOR);
        }
        channel = new EmbeddedChannel(decoder);
        channel.config().setAllocator(allocator);
    }

    @Benchmark
    public RemotingCommand registrationFrameInReadsOf64KiB() {
        for (int offset = 0; offset < frame.length; offset += READ_SIZE) {
            int length = Math.min(READ_SIZE, frame.length - offset);
            channel.writeInbound(allocator.directBuffer(length).writeBytes(frame, offset, length));
        }
        RemotingCommand request = channel.readInbound();
        // the body stays in the reads until the request is done with, as the dispatcher ends it
        request.release();
        return request;
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }
}
