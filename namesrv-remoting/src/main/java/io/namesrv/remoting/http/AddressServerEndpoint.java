package io.namesrv.remoting.http;

import io.namesrv.core.config.NamesrvConfig;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.List;

/**
 * The address server RocketMQ clients and brokers poll when started with
 * {@code -Drocketmq.namesrv.domain=host:port}: Apache's {@code DefaultTopAddressing} asks for
 * {@code http://host:port/rocketmq/<subgroup>} (subgroup {@code nsaddr} unless
 * {@code rocketmq.namesrv.domain.subgroup} says otherwise) and takes the first line of a 200 answer as
 * its {@code ;}-separated name server list. The list is read from the config at each request, so an
 * UPDATE_NAMESRV_CONFIG of {@code addressServerList} reaches every poller at its next fetch.
 *
 * <p>Only the configured subgroup is served. A client with a unit name asks for
 * {@code /rocketmq/<subgroup>-<unit>?nofix=1}; there is one list here, not one per unit, and
 * answering a unit with another unit's name servers would be worse than the 404 it gets.
 */
final class AddressServerEndpoint {
    private static final String PREFIX = "/rocketmq/";

    private final NamesrvConfig config;

    AddressServerEndpoint(NamesrvConfig config) {
        this.config = config;
    }

    static boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    /** The answer to a GET of {@code path}, one that {@link #serves} says is its own. */
    HttpAnswer answer(String path) {
        String subgroup = config.get(NamesrvConfig.ADDRESS_SERVER_SUBGROUP);
        if (!path.equals(PREFIX + subgroup)) {
            return HttpAnswer.text(HttpResponseStatus.NOT_FOUND, "not found; the name server list is at " + PREFIX + subgroup + "\n");
        }
        List<String> addresses = config.get(NamesrvConfig.ADDRESS_SERVER_LIST);
        if (addresses.isEmpty()) {
            return HttpAnswer.text(HttpResponseStatus.NOT_FOUND, "no name server list: addressServerList is empty\n");
        }
        return HttpAnswer.text(HttpResponseStatus.OK, String.join(";", addresses));
    }
}
