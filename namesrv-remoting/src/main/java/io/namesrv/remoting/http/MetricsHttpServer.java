package io.namesrv.remoting.http;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreStatus;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of metrics, health, the status page and the address server, on its own port and its own single thread, so that a
 * slow or hostile HTTP client never takes time from the remoting I/O threads. NIO rather than
 * epoll: it serves a scrape every few seconds, not a hot path.
 */
public final class MetricsHttpServer implements AutoCloseable {
    /** Requests carry no body worth reading; a larger one is answered 413 by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8192;
    /** A scraper keeps its connection between scrapes (15 s by default); an idle one is closed. */
    private static final int IDLE_SECONDS = 60;

    private final Supplier<String> metrics;
    private final BooleanSupplier ready;
    private final Supplier<StoreStatus> store;
    private final NamesrvConfig config;
    private final StatusSources status;
    private EventLoopGroup group;
    private Channel serverChannel;

    /**
     * @param metrics what {@code GET /metrics} answers, produced for each scrape
     * @param ready   whether {@code GET /health/ready} answers 200 (else 503)
     * @param store   the store's state for {@code /health}, null before the store is open
     * @param status  what the status page and its API read
     * @param config  the running config, read at each request of the address server ({@code addressServerList})
     */
    public MetricsHttpServer(Supplier<String> metrics, BooleanSupplier ready, Supplier<StoreStatus> store,
                             StatusSources status, NamesrvConfig config) {
        this.metrics = metrics;
        this.ready = ready;
        this.store = store;
        this.status = status;
        this.config = config;
    }

    /** Binds the port; returns the address it is bound to. */
    public InetSocketAddress start(InetSocketAddress bindTo) throws InterruptedException {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("namesrv-metrics-http"));
        RequestRates rates = new RequestRates(status.responses());
        // on the endpoint's own thread, so that the page's last minute never costs the request path
        group.scheduleAtFixedRate(() -> rates.sample(status.clock().millis()), 0, RequestRates.SAMPLE_MILLIS,
            TimeUnit.MILLISECONDS);
        MetricsHttpHandler handler = new MetricsHttpHandler(metrics, ready, store,
            new StatusApi(status, rates, ready, store), new AddressServerEndpoint(config));
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(
                        new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                        new HttpServerCodec(),
                        new HttpObjectAggregator(MAX_REQUEST_BYTES),
                        handler);
                }
            });
        try {
            serverChannel = bootstrap.bind(bindTo).sync().channel();
        } catch (Throwable e) {
            // also the BindException that Netty throws without declaring it: the thread must not be left behind
            close();
            throw e;
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops listening, closes open connections and waits for the thread to end. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
