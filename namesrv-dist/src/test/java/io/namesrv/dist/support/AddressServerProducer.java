package io.namesrv.dist.support;

import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A RocketMQ 5.4.0 producer given no name server address, for AddressServerIT: it finds its name
 * servers with {@code -Drocketmq.namesrv.domain=host:port}, which the client reads once, into a static
 * field, so it needs a JVM of its own. Until it is stopped, every 500 ms it prints
 * {@code NAMESRV <list>} whenever the client's name server list changes, and sends one message to
 * each topic given that has not taken one yet, printing {@code SENT <topic> <msgId>} once it has (and
 * {@code UNSENT <topic> <reason>} when the reason a send fails changes).
 *
 * <p>{@code AddressServerProducer <topic>...}
 */
public final class AddressServerProducer {
    private static final long ROUND_MILLIS = 500;

    private AddressServerProducer() {
    }

    public static void main(String[] args) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(RocketClients.unique("address_server_producer"));
        producer.setInstanceName(RocketClients.unique("address_server_producer"));
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        MQClientAPIImpl client = producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        Set<String> unsent = new LinkedHashSet<>(List.of(args));
        Map<String, String> lastFailure = new HashMap<>();
        List<String> nameServers = null;
        while (true) {
            // null until the client has had a list from the address server
            List<String> now = Objects.requireNonNullElse(client.getNameServerAddressList(), List.of());
            if (!now.equals(nameServers)) {
                nameServers = List.copyOf(now);
                print("NAMESRV " + String.join(";", nameServers));
            }
            for (Iterator<String> topics = unsent.iterator(); topics.hasNext(); ) {
                String topic = topics.next();
                try {
                    SendResult result = producer.send(new Message(topic, "hello".getBytes(StandardCharsets.UTF_8)));
                    if (result.getSendStatus() == SendStatus.SEND_OK) {
                        print("SENT " + topic + " " + result.getMsgId());
                        topics.remove();
                    }
                } catch (Exception e) {
                    // no route yet where the client looks: the next round tries again
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
                    if (!reason.equals(lastFailure.put(topic, reason))) {
                        print("UNSENT " + topic + " " + reason);
                    }
                }
            }
            Thread.sleep(ROUND_MILLIS);
        }
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
