package io.namesrv.remoting.http;

import io.namesrv.core.durability.StoreStatus;
import io.namesrv.core.metrics.PrometheusText;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Answers the paths of the HTTP endpoint: {@code GET /metrics} (Prometheus text),
 * {@code GET /health} (liveness: 200 whenever the process answers, with the readiness and the
 * store's state in the body), {@code GET /health/ready} (200 when ready, 503 before), the status
 * page ({@code /} and its files, {@link StatusPage}) with its JSON API ({@code /api/...}, {@link StatusApi}),
 * and the address server under {@code /rocketmq/}. Anything else is refused with 404, 405 or 400 and
 * never reaches the name server.
 */
@ChannelHandler.Sharable
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpHandler.class);
    static final String METRICS = "/metrics";
    static final String HEALTH = "/health";
    static final String READY = "/health/ready";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = HttpAnswer.TEXT;

    private final Supplier<String> metrics;
    private final BooleanSupplier ready;
    private final Supplier<StoreStatus> store;
    private final StatusPage statusPage = new StatusPage();
    private final StatusApi statusApi;
    private final AddressServerEndpoint addressServer;

    MetricsHttpHandler(Supplier<String> metrics, BooleanSupplier ready, Supplier<StoreStatus> store, StatusApi statusApi,
                       AddressServerEndpoint addressServer) {
        this.metrics = metrics;
        this.ready = ready;
        this.store = store;
        this.statusApi = statusApi;
        this.addressServer = addressServer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            // not HTTP, or a line or header past the codec's limits: answer once and hang up
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n", false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (AddressServerEndpoint.serves(path) || path.startsWith(StatusApi.PREFIX) || statusPage.serves(path)) {
            answerPage(ctx, request, path);
            return;
        }
        if (!path.equals(METRICS) && !path.equals(HEALTH) && !path.equals(READY)) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT, "not found; try " + METRICS + ", " + HEALTH
                + " or " + READY + "\n", true);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            send(ctx, request, methodNotAllowed(), true);
            return;
        }
        boolean isReady = ready.getAsBoolean();
        switch (path) {
            case METRICS -> respond(ctx, request, HttpResponseStatus.OK, PrometheusText.CONTENT_TYPE, metrics.get(), true);
            case HEALTH -> respond(ctx, request, HttpResponseStatus.OK, JSON, HealthJson.of(isReady, store.get()), true);
            default -> respond(ctx, request, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, JSON,
                HealthJson.of(isReady, store.get()), true);
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, String body, boolean keepAliveAllowed) {
        send(ctx, request, response(status, contentType, body), keepAliveAllowed);
    }

    private static FullHttpResponse methodNotAllowed() {
        FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "only GET\n");
        response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        return response;
    }

    /**
     * The status page's files, its API and the address server. The page may load only its own files
     * and call only this endpoint; a browser must not guess types.
     */
    private void answerPage(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpMethod.GET.equals(request.method())) {
            send(ctx, request, methodNotAllowed(), true);
            return;
        }
        HttpAnswer answer = AddressServerEndpoint.serves(path) ? addressServer.answer(path)
            : path.startsWith(StatusApi.PREFIX) ? statusApi.answer(new QueryStringDecoder(request.uri()))
            : statusPage.answer(path);
        FullHttpResponse response = response(answer.status(), answer.contentType(), answer.body());
        response.headers()
            .set("Content-Security-Policy", "default-src 'self'")
            .set("X-Content-Type-Options", "nosniff");
        send(ctx, request, response, true);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        return response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }

    /** Keeps the connection for the scraper's next request when it asked to; otherwise closes it after the answer. */
    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                             boolean keepAliveAllowed) {
        boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** A scrape that failed (a source threw) or a broken connection: this connection only. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("Metrics HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(response(HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "internal error\n"))
                .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
