package io.namesrv.remoting.netty;

import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a command as one frame, into a buffer sized for it. */
@ChannelHandler.Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {
    /** Room for the frame's two ints and a header with a short remark and a few fields. */
    private static final int HEADER_ALLOWANCE = 256;

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        int bodyLength = command.body() == null ? 0 : command.body().length;
        return ctx.alloc().ioBuffer(HEADER_ALLOWANCE + bodyLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        CommandCodec.encode(command, out);
    }
}
