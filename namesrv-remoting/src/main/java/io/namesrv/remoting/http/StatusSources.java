package io.namesrv.remoting.http;

import io.namesrv.core.NameServer;
import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the status page reads. The endpoint starts before the store opens and the remoting port
 * listens, so the name server and the request counts are asked for at each request.
 *
 * @param storeType  the {@code storeType} key: the store's name, nothing of its config
 * @param nameServer the name server, null until its store is open and its tables are loaded
 * @param responses  responses by request code and result since start; empty before the port listens
 * @param clock      what ages of heartbeats are measured against: the name server's clock
 */
public record StatusSources(String storeType, Supplier<NameServer> nameServer, Supplier<List<ResponseCount>> responses,
                            Clock clock) {
}
