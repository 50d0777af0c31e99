package io.namesrv.core.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The JVM basics an operator looks at first, under the names Prometheus' Java client uses, so
 * existing dashboards work: memory, threads, garbage collection, process start time.
 */
public final class JvmMetrics implements MetricsSource {

    @Override
    public void writeTo(PrometheusText out) {
        var memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        out.family("jvm_memory_bytes_used", "gauge", "Used bytes of a JVM memory area")
            .sample("jvm_memory_bytes_used", heap.getUsed(), "area", "heap")
            .sample("jvm_memory_bytes_used", nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_bytes_committed", "gauge", "Committed bytes of a JVM memory area")
            .sample("jvm_memory_bytes_committed", heap.getCommitted(), "area", "heap")
            .sample("jvm_memory_bytes_committed", nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_bytes_max", "gauge", "Max bytes of a JVM memory area, -1 when unbounded")
            .sample("jvm_memory_bytes_max", heap.getMax(), "area", "heap")
            .sample("jvm_memory_bytes_max", nonHeap.getMax(), "area", "nonheap");
        out.family("jvm_threads_current", "gauge", "Live JVM threads")
            .sample("jvm_threads_current", ManagementFactory.getThreadMXBean().getThreadCount());
        out.family("jvm_gc_collection_seconds", "summary", "Time spent in a garbage collector");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.sample("jvm_gc_collection_seconds_count", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
            out.sample("jvm_gc_collection_seconds_sum", Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        out.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds")
            .sample("process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    }
}
