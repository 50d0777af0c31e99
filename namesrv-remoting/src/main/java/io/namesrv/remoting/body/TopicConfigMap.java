package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A broker's topic configs by topic name, read-only, in the order the broker wrote them: the
 * configs in one array, their names' hash codes in another, and an open-addressing index of their
 * places: 14.5 bytes a topic for 10,000 (4 in the array, 4 for the hash, 6.5 in the index) where a
 * LinkedHashMap takes 46.5 (a 40-byte entry and its table slot). The decoded tables of every broker
 * are held for as long as the brokers live, 10,000 topics each for a big one. A probe compares the
 * hash codes kept here before it reads a config's name: among a million topics' strings, that
 * read is a cache miss.
 *
 * <p>Built as a LinkedHashMap filled in that order would be: a name written twice keeps its first
 * place and its last config.
 */
final class TopicConfigMap extends AbstractMap<String, TopicConfig> {
    /** Fibonacci hashing: consecutive String hashes ("topic-1", "topic-2") land far apart. */
    private static final int SPREAD = 0x9E3779B9;

    private final TopicConfig[] configs;
    /** The hash code of each config's topic name, at the config's place. */
    private final int[] nameHashes;
    /** The place in {@link #configs} plus one of the config whose name hashes to each slot; 0 where none does. */
    private final int[] slots;
    private final int shift;
    private final Collection<TopicConfig> values;

    private TopicConfigMap(TopicConfig[] configs, int[] nameHashes, int[] slots, int shift) {
        this.configs = configs;
        this.nameHashes = nameHashes;
        this.slots = slots;
        this.shift = shift;
        this.values = Collections.unmodifiableList(Arrays.asList(configs));
    }

    /** The map of {@code written}, the configs in the order written; see {@link #of(TopicConfig[], int[])}. */
    static TopicConfigMap of(TopicConfig[] written) {
        int[] nameHashes = new int[written.length];
        for (int i = 0; i < written.length; i++) {
            nameHashes[i] = written[i].topicName().hashCode();
        }
        return of(written, nameHashes);
    }

    /**
     * The map of {@code written}, the configs in the order written, whose names' hash codes are
     * {@code nameHashes}: a name is read only where two hash codes are equal. The arrays are kept,
     * not copied, unless a name repeats: nobody may change them afterwards.
     */
    static TopicConfigMap of(TopicConfig[] written, int[] nameHashes) {
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(written.length * 4 / 3));
        int[] slots = new int[1 << bits];
        int shift = 32 - bits;
        // both copied at the first repeated name, then compacted
        TopicConfig[] configs = written;
        int[] hashes = nameHashes;
        int count = 0;
        for (int i = 0; i < written.length; i++) {
            TopicConfig config = written[i];
            int hash = nameHashes[i];
            int slot = slotToAdd(slots, shift, configs, hashes, config, hash);
            if (slots[slot] != 0) {
                if (configs == written) {
                    configs = written.clone();
                    hashes = nameHashes.clone();
                }
                configs[slots[slot] - 1] = config;
            } else {
                if (configs != written) {
                    configs[count] = config;
                    hashes[count] = hash;
                }
                slots[slot] = ++count;
            }
        }
        return count == configs.length ? new TopicConfigMap(configs, hashes, slots, shift)
            : new TopicConfigMap(Arrays.copyOf(configs, count), Arrays.copyOf(hashes, count), slots, shift);
    }

    /**
     * The slot that holds {@code config}'s name, or the empty one where it would go: as
     * {@link #slotOf}, reading the config's name only where a hash code is equal, since among a
     * million topics' configs that read is a cache miss.
     */
    private static int slotToAdd(int[] slots, int shift, TopicConfig[] configs, int[] nameHashes, TopicConfig config,
                                 int hash) {
        int mask = slots.length - 1;
        for (int slot = hash * SPREAD >>> shift; ; slot = (slot + 1) & mask) {
            int place = slots[slot];
            if (place == 0 || nameHashes[place - 1] == hash && configs[place - 1].topicName().equals(config.topicName())) {
                return slot;
            }
        }
    }

    /** The slot that holds {@code name}, or the empty one where it would go. */
    private static int slotOf(int[] slots, int shift, TopicConfig[] configs, int[] nameHashes, String name, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash * SPREAD >>> shift; ; slot = (slot + 1) & mask) {
            int place = slots[slot];
            if (place == 0 || nameHashes[place - 1] == hash && configs[place - 1].topicName().equals(name)) {
                return slot;
            }
        }
    }

    @Override
    public TopicConfig get(Object name) {
        if (!(name instanceof String topic)) {
            return null;
        }
        int place = slots[slotOf(slots, shift, configs, nameHashes, topic, topic.hashCode())];
        return place == 0 ? null : configs[place - 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return get(name) != null;
    }

    @Override
    public int size() {
        return configs.length;
    }

    @Override
    public Collection<TopicConfig> values() {
        return values;
    }

    @Override
    public Set<Entry<String, TopicConfig>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, TopicConfig>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < configs.length;
                    }

                    @Override
                    public Entry<String, TopicConfig> next() {
                        if (next == configs.length) {
                            throw new NoSuchElementException();
                        }
                        TopicConfig config = configs[next++];
                        return Map.entry(config.topicName(), config);
                    }
                };
            }

            @Override
            public int size() {
                return configs.length;
            }
        };
    }
}
