package io.namesrv.core.collect;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable hash map whose updates return a new map sharing all but the changed path with the
 * old one: a compressed hash-array mapped prefix tree (CHAMP, Steindorfer and Vinju, OOPSLA 2015).
 * An update costs O(log32 n) copied nodes instead of a copy of the whole table, so a route image
 * of a million topics changes one topic in microseconds while readers keep the old image.
 *
 * <p>Keys and values sit inline in each node's one array, which is why it holds an entry in
 * about 26 bytes on top of the key and value (measured with JOL at a million topic-name keys; a
 * {@link java.util.HashMap} takes some forty).
 *
 * <p>Many edits at once go through a {@link Builder}, which changes the nodes it made itself in
 * place instead of copying them at every edit.
 */
public final class PersistentMap<K, V> implements Iterable<Map.Entry<K, V>> {
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(Node.EMPTY, 0);

    private final Node root;
    private final int size;
    private Map<K, V> view;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public static <K, V> PersistentMap<K, V> copyOf(Map<? extends K, ? extends V> map) {
        Builder<K, V> builder = PersistentMap.<K, V>empty().toBuilder();
        map.forEach(builder::put);
        return builder.build();
    }

    /** A builder that starts from this map's entries; this map stays as it is. */
    public Builder<K, V> toBuilder() {
        return new Builder<>(this);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return key == null ? null : (V) root.find(key, key.hashCode(), 0);
    }

    public V getOrDefault(Object key, V defaultValue) {
        V value = get(key);
        return value == null ? defaultValue : value;
    }

    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** This map with {@code key} mapped to {@code value} (neither null); this very map if it already was. */
    public PersistentMap<K, V> with(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException("a persistent map holds no null key or value");
        }
        SizeChange change = new SizeChange();
        Node next = root.put(key, value, key.hashCode(), 0, change, null);
        return next == root ? this : new PersistentMap<>(next, size + change.delta);
    }

    /** This map without {@code key}; this very map if it had no such key. */
    public PersistentMap<K, V> without(Object key) {
        if (key == null) {
            return this;
        }
        SizeChange change = new SizeChange();
        Node next = root.remove(key, key.hashCode(), 0, change, null);
        return next == root ? this : new PersistentMap<>(next, size + change.delta);
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        root.forEach((BiConsumer<Object, Object>) action);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new EntryIterator<>(root);
    }

    /** A read-only {@link Map} over this map, for code that reads maps. */
    public Map<K, V> asMap() {
        Map<K, V> current = view;
        if (current == null) {
            current = new MapView<>(this);
            view = current;
        }
        return current;
    }

    /**
     * Many edits to one map, made in place where they can: a node this builder made is changed
     * rather than copied, so 10,000 puts into a map of a million copy each path once, not once per
     * put. The nodes of the map it started from, and of every map it built, are copied as
     * {@link #with} would. Not thread-safe; nothing it has not built is visible to readers.
     */
    public static final class Builder<K, V> {
        /** Marks the nodes this builder made since it last built: those it may still change. */
        private Object owner = new Object();
        private Node root;
        private int size;

        private Builder(PersistentMap<K, V> start) {
            this.root = start.root;
            this.size = start.size;
        }

        @SuppressWarnings("unchecked")
        public V get(Object key) {
            return key == null ? null : (V) root.find(key, key.hashCode(), 0);
        }

        public int size() {
            return size;
        }

        /** Maps {@code key} to {@code value}, neither null. */
        public Builder<K, V> put(K key, V value) {
            if (key == null || value == null) {
                throw new NullPointerException("a persistent map holds no null key or value");
            }
            SizeChange change = new SizeChange();
            root = root.put(key, value, key.hashCode(), 0, change, owner);
            size += change.delta;
            return this;
        }

        public Builder<K, V> remove(Object key) {
            if (key != null) {
                SizeChange change = new SizeChange();
                root = root.remove(key, key.hashCode(), 0, change, owner);
                size += change.delta;
            }
            return this;
        }

        /** The map of the entries so far; the builder may go on, copying what that map now shares. */
        public PersistentMap<K, V> build() {
            owner = new Object();
            return new PersistentMap<>(root, size);
        }
    }

    /** How many entries an update added (1), removed (-1) or neither (0, a value replaced). */
    private static final class SizeChange {
        int delta;
    }

    /**
     * A node's entries are key, value pairs from the front of its {@code content}. A node is changed
     * in place only by the builder that owns it, before any map that readers see holds it.
     */
    private abstract static class Node {
        static final Node EMPTY = new BitmapNode(0, 0, new Object[0], null);

        /** The mark of the builder that made this node, null if a persistent edit did: no builder may change it. */
        private final Object owner;
        Object[] content;

        Node(Object[] content, Object owner) {
            this.content = content;
            this.owner = owner;
        }

        /** Whether an edit under {@code editor} may change this node rather than copy it. */
        final boolean ownedBy(Object editor) {
            return editor != null && editor == owner;
        }

        abstract Object find(Object key, int hash, int shift);

        /**
         * This node with the entry: changed in place if {@code editor} owns it, else a copy that
         * {@code editor} owns (null: a persistent edit); this node if it had the entry.
         */
        abstract Node put(Object key, Object value, int hash, int shift, SizeChange change, Object editor);

        abstract Node remove(Object key, int hash, int shift, SizeChange change, Object editor);

        abstract int entryCount();

        final Object keyAt(int i) {
            return content[2 * i];
        }

        final Object valueAt(int i) {
            return content[2 * i + 1];
        }

        abstract int nodeCount();

        abstract Node nodeAt(int i);

        /** Whether the node holds exactly one entry and no sub-node: its parent then holds the entry itself. */
        final boolean isSingleEntry() {
            return nodeCount() == 0 && entryCount() == 1;
        }

        final void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0, n = entryCount(); i < n; i++) {
                action.accept(keyAt(i), valueAt(i));
            }
            for (int i = 0, n = nodeCount(); i < n; i++) {
                nodeAt(i).forEach(action);
            }
        }
    }

    /**
     * One level of the tree: 5 bits of the hash pick one of 32 slots, which holds an entry (its bit
     * in {@code dataMap}), a sub-node ({@code nodeMap}) or nothing. {@code content} holds the
     * entries as key, value pairs from the front and the sub-nodes from the back, each in slot order.
     */
    private static final class BitmapNode extends Node {
        private int dataMap;
        private int nodeMap;

        BitmapNode(int dataMap, int nodeMap, Object[] content, Object owner) {
            super(content, owner);
            this.dataMap = dataMap;
            this.nodeMap = nodeMap;
        }

        /** This node holding these, changed in place if {@code editor} owns it. */
        private BitmapNode with(int nextDataMap, int nextNodeMap, Object[] nextContent, Object editor) {
            if (ownedBy(editor)) {
                dataMap = nextDataMap;
                nodeMap = nextNodeMap;
                content = nextContent;
                return this;
            }
            return new BitmapNode(nextDataMap, nextNodeMap, nextContent, editor);
        }

        private static int bit(int hash, int shift) {
            return 1 << ((hash >>> shift) & 31);
        }

        private int dataIndex(int bit) {
            return Integer.bitCount(dataMap & (bit - 1));
        }

        private int nodeSlot(int bit) {
            return content.length - 1 - Integer.bitCount(nodeMap & (bit - 1));
        }

        @Override
        Object find(Object key, int hash, int shift) {
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = 2 * dataIndex(bit);
                return key.equals(content[index]) ? content[index + 1] : null;
            }
            if ((nodeMap & bit) != 0) {
                return ((Node) content[nodeSlot(bit)]).find(key, hash, shift + 5);
            }
            return null;
        }

        @Override
        Node put(Object key, Object value, int hash, int shift, SizeChange change, Object editor) {
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = 2 * dataIndex(bit);
                Object existingKey = content[index];
                if (key.equals(existingKey)) {
                    if (content[index + 1] == value) {
                        return this;
                    }
                    if (ownedBy(editor)) {
                        content[index + 1] = value;
                        return this;
                    }
                    Object[] next = content.clone();
                    next[index + 1] = value;
                    return new BitmapNode(dataMap, nodeMap, next, editor);
                }
                Object existingValue = content[index + 1];
                Node pair = pair(existingKey, existingValue, existingKey.hashCode(), key, value, hash, shift + 5, editor);
                change.delta = 1;
                return entryToNode(bit, pair, editor);
            }
            if ((nodeMap & bit) != 0) {
                int slot = nodeSlot(bit);
                Node sub = (Node) content[slot];
                Node nextSub = sub.put(key, value, hash, shift + 5, change, editor);
                return nextSub == sub ? this : withNode(slot, nextSub, editor);
            }
            change.delta = 1;
            int index = 2 * dataIndex(bit);
            Object[] next = new Object[content.length + 2];
            System.arraycopy(content, 0, next, 0, index);
            next[index] = key;
            next[index + 1] = value;
            System.arraycopy(content, index, next, index + 2, content.length - index);
            return with(dataMap | bit, nodeMap, next, editor);
        }

        /** A node of two entries whose hashes agree below {@code shift}. */
        private static Node pair(Object key0, Object value0, int hash0, Object key1, Object value1, int hash1, int shift,
                                 Object editor) {
            if (shift >= 32) {
                return new CollisionNode(new Object[] {key0, value0, key1, value1}, editor);
            }
            int bit0 = bit(hash0, shift);
            int bit1 = bit(hash1, shift);
            if (bit0 == bit1) {
                Node sub = pair(key0, value0, hash0, key1, value1, hash1, shift + 5, editor);
                return new BitmapNode(0, bit0, new Object[] {sub}, editor);
            }
            Object[] content = Integer.compareUnsigned(bit0, bit1) < 0
                ? new Object[] {key0, value0, key1, value1} : new Object[] {key1, value1, key0, value0};
            return new BitmapNode(bit0 | bit1, 0, content, editor);
        }

        private Node entryToNode(int bit, Node node, Object editor) {
            int entryAt = 2 * dataIndex(bit);
            int nodeAt = content.length - 2 - Integer.bitCount(nodeMap & (bit - 1));
            Object[] next = new Object[content.length - 1];
            System.arraycopy(content, 0, next, 0, entryAt);
            System.arraycopy(content, entryAt + 2, next, entryAt, nodeAt - entryAt);
            next[nodeAt] = node;
            System.arraycopy(content, nodeAt + 2, next, nodeAt + 1, content.length - nodeAt - 2);
            return with(dataMap ^ bit, nodeMap | bit, next, editor);
        }

        private Node nodeToEntry(int bit, Node single, Object editor) {
            int nodeAt = nodeSlot(bit);
            int entryAt = 2 * dataIndex(bit);
            Object[] next = new Object[content.length + 1];
            System.arraycopy(content, 0, next, 0, entryAt);
            next[entryAt] = single.keyAt(0);
            next[entryAt + 1] = single.valueAt(0);
            System.arraycopy(content, entryAt, next, entryAt + 2, nodeAt - entryAt);
            System.arraycopy(content, nodeAt + 1, next, nodeAt + 2, content.length - nodeAt - 1);
            return with(dataMap | bit, nodeMap ^ bit, next, editor);
        }

        private Node withNode(int slot, Node node, Object editor) {
            if (ownedBy(editor)) {
                content[slot] = node;
                return this;
            }
            Object[] next = content.clone();
            next[slot] = node;
            return new BitmapNode(dataMap, nodeMap, next, editor);
        }

        @Override
        Node remove(Object key, int hash, int shift, SizeChange change, Object editor) {
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = 2 * dataIndex(bit);
                if (!key.equals(content[index])) {
                    return this;
                }
                change.delta = -1;
                Object[] next = new Object[content.length - 2];
                System.arraycopy(content, 0, next, 0, index);
                System.arraycopy(content, index + 2, next, index, content.length - index - 2);
                return with(dataMap ^ bit, nodeMap, next, editor);
            }
            if ((nodeMap & bit) != 0) {
                int slot = nodeSlot(bit);
                Node sub = (Node) content[slot];
                Node nextSub = sub.remove(key, hash, shift + 5, change, editor);
                if (nextSub == sub && change.delta == 0) {
                    return this;
                }
                if (!nextSub.isSingleEntry()) {
                    return withNode(slot, nextSub, editor);
                }
                // a sub-node holds two entries or more: its last one moves up, to the root at most
                if (shift > 0 && dataMap == 0 && Integer.bitCount(nodeMap) == 1) {
                    return nextSub;
                }
                return nodeToEntry(bit, nextSub, editor);
            }
            return this;
        }

        @Override
        int entryCount() {
            return Integer.bitCount(dataMap);
        }


        @Override
        int nodeCount() {
            return Integer.bitCount(nodeMap);
        }

        @Override
        Node nodeAt(int i) {
            return (Node) content[content.length - 1 - i];
        }
    }

    /** Entries whose 32-bit hashes are all equal, below the last level: compared one by one. */
    private static final class CollisionNode extends Node {
        CollisionNode(Object[] content, Object owner) {
            super(content, owner);
        }

        /** This node holding {@code next}, changed in place if {@code editor} owns it. */
        private CollisionNode with(Object[] next, Object editor) {
            if (ownedBy(editor)) {
                content = next;
                return this;
            }
            return new CollisionNode(next, editor);
        }

        private int indexOf(Object key) {
            for (int i = 0; i < content.length; i += 2) {
                if (key.equals(content[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        Object find(Object key, int hash, int shift) {
            int index = indexOf(key);
            return index < 0 ? null : content[index + 1];
        }

        @Override
        Node put(Object key, Object value, int hash, int shift, SizeChange change, Object editor) {
            int index = indexOf(key);
            if (index >= 0) {
                if (content[index + 1] == value) {
                    return this;
                }
                if (ownedBy(editor)) {
                    content[index + 1] = value;
                    return this;
                }
                Object[] next = content.clone();
                next[index + 1] = value;
                return new CollisionNode(next, editor);
            }
            change.delta = 1;
            Object[] next = new Object[content.length + 2];
            System.arraycopy(content, 0, next, 0, content.length);
            next[content.length] = key;
            next[content.length + 1] = value;
            return with(next, editor);
        }

        @Override
        Node remove(Object key, int hash, int shift, SizeChange change, Object editor) {
            int index = indexOf(key);
            if (index < 0) {
                return this;
            }
            change.delta = -1;
            Object[] next = new Object[content.length - 2];
            System.arraycopy(content, 0, next, 0, index);
            System.arraycopy(content, index + 2, next, index, content.length - index - 2);
            return with(next, editor);
        }

        @Override
        int entryCount() {
            return content.length / 2;
        }


        @Override
        int nodeCount() {
            return 0;
        }

        @Override
        Node nodeAt(int i) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    /** Depth first: a node's entries, then its sub-nodes'; a tree of 32-bit hashes is at most 8 deep. */
    private static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Node[] nodes = new Node[9];
        private final int[] nextSubNode = new int[9];
        private int depth;
        private int nextEntry;

        EntryIterator(Node root) {
            nodes[0] = root;
            advance();
        }

        /** Moves to a node with an entry left at {@code nextEntry}, or leaves {@code depth} at -1. */
        private void advance() {
            while (depth >= 0) {
                Node node = nodes[depth];
                if (nextEntry < node.entryCount()) {
                    return;
                }
                if (nextSubNode[depth] < node.nodeCount()) {
                    Node sub = node.nodeAt(nextSubNode[depth]++);
                    depth++;
                    nodes[depth] = sub;
                    nextSubNode[depth] = 0;
                    nextEntry = 0;
                } else {
                    nodes[depth] = null;
                    depth--;
                    nextEntry = Integer.MAX_VALUE;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return depth >= 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (depth < 0) {
                throw new NoSuchElementException();
            }
            Node node = nodes[depth];
            Map.Entry<K, V> entry = new AbstractMap.SimpleImmutableEntry<>((K) node.keyAt(nextEntry), (V) node.valueAt(nextEntry));
            nextEntry++;
            advance();
            return entry;
        }
    }

    private static final class MapView<K, V> extends AbstractMap<K, V> {
        private final PersistentMap<K, V> map;
        private Set<Entry<K, V>> entries;

        MapView(PersistentMap<K, V> map) {
            this.map = map;
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> action) {
            map.forEach(action);
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            Set<Entry<K, V>> current = entries;
            if (current == null) {
                current = new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<K, V>> iterator() {
                        return map.iterator();
                    }

                    @Override
                    public int size() {
                        return map.size();
                    }
                };
                entries = current;
            }
            return current;
        }
    }
}
