package io.namesrv.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * A command's frame content: int header field (serialize type in the high byte, header length in
 * the low three), header, body. The leading frame length is the frame decoder's business.
 */
public final class CommandCodec {
    private static final int MAX_HEADER_LENGTH = 0xFFFFFF;
    /**
     * From this size on a request's body stays in the frame's buffers: a broker's registration (1.7
     * MB for 10,000 topics) mostly repeats the table it sent before, which is then compared where
     * it was read, not copied into a fresh array first (one that G1 allocates as a humongous
     * object, zeroed, several hundred times a second when brokers register back to back).
     */
    static final int HELD_BODY_MIN = 64 * 1024;

    private CommandCodec() {
    }

    /**
     * Decodes the frame content (without the leading length); throws FrameFormatException if broken.
     * A request with a body of {@link #HELD_BODY_MIN} or more holds a retained slice of
     * {@code frame}: see {@link RemotingCommand#heldBody()}.
     */
    public static RemotingCommand decode(ByteBuf frame) {
        int frameLength = frame.readableBytes();
        if (frameLength < 4) {
            throw new FrameFormatException("frame of " + frameLength + " bytes has no header length");
        }
        int headerField = frame.readInt();
        SerializeType type = SerializeType.of((headerField >>> 24) & 0xFF);
        int headerLength = headerField & MAX_HEADER_LENGTH;
        if (headerLength > frame.readableBytes()) {
            throw new FrameFormatException("header length " + headerLength + " exceeds the frame's remaining "
                + frame.readableBytes() + " bytes");
        }
        RemotingCommand command = switch (type) {
            case JSON -> JsonHeaderCodec.decode(ByteBufUtil.getBytes(frame, frame.readerIndex(), headerLength));
            case ROCKETMQ -> RocketMqHeaderCodec.decode(frame.slice(frame.readerIndex(), headerLength));
        };
        frame.skipBytes(headerLength);
        int bodyLength = frame.readableBytes();
        if (bodyLength >= HELD_BODY_MIN && !command.isResponse()) {
            command.heldBody(frame.readRetainedSlice(bodyLength));
        } else if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            command.body(body);
        }
        return command;
    }

    /** Writes the whole frame, leading length included. */
    public static void encode(RemotingCommand command, ByteBuf out) {
        int frameStart = out.writerIndex();
        out.writeLong(0); // frame length and header field, known once the header is written
        int headerStart = out.writerIndex();
        switch (command.serializeType()) {
            case JSON -> JsonHeaderCodec.encode(command, out);
            case ROCKETMQ -> out.writeBytes(RocketMqHeaderCodec.encode(command));
        }
        int headerLength = out.writerIndex() - headerStart;
        if (command.body() != null) {
            out.writeBytes(command.body());
        }
        out.setInt(frameStart, out.writerIndex() - frameStart - 4);
        out.setInt(frameStart + 4, (command.serializeType().code() << 24) | headerLength);
    }
}
