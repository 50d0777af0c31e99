package io.namesrv.dist.jmh;

import io.namesrv.dist.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the JMH benchmarks of this package (with {@code mvn -B verify -Pbench -pl namesrv-dist -am}):
 * one fork each, with the JVM options the chronicle store needs. {@code -Djmh.include=Regex} narrows
 * the run; {@code -Djmh.iterations} and {@code -Djmh.seconds} lengthen it.
 */
class JmhBench {
    @Test
    void runBenchmarks() throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g", "-Dbench.dir=" + System.getProperty("java.io.tmpdir")));
        jvmArgs.addAll(List.of(ChildJvm.chronicleOptions()));
        int iterations = Integer.getInteger("jmh.iterations", 3);
        TimeValue time = TimeValue.seconds(Integer.getInteger("jmh.seconds", 2));
        Options options = new OptionsBuilder()
            .include(System.getProperty("jmh.include", JmhBench.class.getPackageName() + ".*Benchmark"))
            .forks(1)
            .jvmArgsAppend(jvmArgs.toArray(String[]::new))
            .warmupIterations(iterations)
            .warmupTime(time)
            .measurementIterations(iterations)
            .measurementTime(time)
            .build();
        new Runner(options).run();
    }
}
