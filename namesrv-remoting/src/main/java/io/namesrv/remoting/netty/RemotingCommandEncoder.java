package io.namesrv.remoting.netty;

import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a command as one frame. */
@ChannelHandler.Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {
    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        CommandCodec.encode(command, out);
    }
}
