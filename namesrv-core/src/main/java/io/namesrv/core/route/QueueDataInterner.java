package io.namesrv.core.route;

import io.namesrv.api.model.QueueData;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One instance of each distinct queue data: a broker group's topics mostly share their queue counts
 * and permissions, so a million topics hold a few hundred queue data objects instead of a million.
 * Weak, so that a value no image uses any more leaves with its last topic. Not thread-safe: used
 * under the route write lock.
 */
final class QueueDataInterner {
    private final Map<QueueData, WeakReference<QueueData>> instances = new WeakHashMap<>();

    QueueData intern(QueueData queueData) {
        WeakReference<QueueData> known = instances.get(queueData);
        QueueData instance = known == null ? null : known.get();
        if (instance != null) {
            return instance;
        }
        instances.put(queueData, new WeakReference<>(queueData));
        return queueData;
    }
}
