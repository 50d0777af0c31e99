package io.namesrv.remoting.tls;

import io.namesrv.core.config.TlsMode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The first handler of a connection when TLS is on: looks at the first byte the client sends, as
 * Apache's {@code TlsModeHandler} does. A TLS handshake record (0x16) puts an {@link SslHandler} in its
 * place; a plain frame, whose first byte is the high byte of a length far below 0x16000000, goes on
 * as is in permissive mode and closes the connection in enforcing mode. Either way this handler
 * leaves the pipeline and hands on what it read, so it costs nothing after the first read.
 */
final class TlsModeDetector extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TlsModeDetector.class);
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private final TlsMode mode;
    private final SslContext sslContext;

    TlsModeDetector(TlsMode mode, SslContext sslContext) {
        this.mode = mode;
        this.sslContext = sslContext;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            startTls(ctx);
        } else if (mode == TlsMode.ENFORCING) {
            log.warn("Closing connection from {}: it is not TLS, and tls.server.mode is enforcing",
                ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else {
            ctx.pipeline().remove(this);
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        SslHandler sslHandler = sslContext.newHandler(ctx.alloc());
        try {
            // the bytes read so far, the ClientHello, are handed to the SslHandler as this one leaves
            ctx.pipeline().replace(this, "tls", sslHandler);
            sslHandler = null;
        } finally {
            if (sslHandler != null) {
                ReferenceCountUtil.safeRelease(sslHandler.engine());
            }
        }
    }
}
