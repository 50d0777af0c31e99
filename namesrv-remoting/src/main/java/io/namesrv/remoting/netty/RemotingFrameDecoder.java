package io.namesrv.remoting.netty;

import io.namesrv.remoting.protocol.CommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the stream into frames (an int length, then that many bytes) and decodes each into a
 * command. A negative or too large length, or a frame that does not decode, raises an exception
 * that closes the connection: after a broken frame the stream cannot be resynchronized, so what
 * follows it is dropped, not decoded, also when the closing connection hands over its last bytes.
 *
 * <p>The bytes of a frame that spans reads are gathered by keeping the reads, not by copying them
 * into one growing buffer: a broker's registration (1.7 MB for 10,000 topics) would otherwise be
 * copied again at every growth, into a fresh pool chunk that the allocator zeroes and frees for
 * each registration. The frame's body is copied once, into the command's array.
 */
public final class RemotingFrameDecoder extends LengthFieldBasedFrameDecoder {
    private boolean broken;

    public RemotingFrameDecoder(int maxFrameLength) {
        super(maxFrameLength + 4, 0, 4, 0, 4);
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            try {
                return CommandCodec.decode(frame);
            } finally {
                frame.release();
            }
        } catch (Exception e) {
            broken = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }
}
