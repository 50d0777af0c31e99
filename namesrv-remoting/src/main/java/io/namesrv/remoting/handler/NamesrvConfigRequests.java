package io.namesrv.remoting.handler;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** The name server's own configuration, read and changed at run time by admin tools. */
public final class NamesrvConfigRequests {
    private static final Logger log = LoggerFactory.getLogger(NamesrvConfigRequests.class);

    private final NameServer nameServer;

    public NamesrvConfigRequests(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    public RemotingCommand update(Channel channel, RemotingCommand request) {
        if (request.body() == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(request.body(), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "string2Properties error");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> changes.put(k, properties.getProperty(k)));
        Set<String> blackList = Arrays.stream(nameServer.config().get(NamesrvConfig.CONFIG_BLACK_LIST).split(";"))
            .map(String::trim).collect(Collectors.toSet());
        if (changes.keySet().stream().anyMatch(blackList::contains)) {
            log.warn("Config update from {} refused: it names a key in configBlackList: {}", channel.remoteAddress(),
                changes.keySet());
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, "Can not update config in black list.");
        }
        try {
            nameServer.updateConfig(changes);
        } catch (ConfigException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("Config updated by {}: {}", channel.remoteAddress(), changes);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** Every key and value as properties text; secrets are masked. */
    public RemotingCommand get(Channel channel, RemotingCommand request) {
        String text = nameServer.config().printable().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
            .body(text.getBytes(StandardCharsets.UTF_8));
    }
}
