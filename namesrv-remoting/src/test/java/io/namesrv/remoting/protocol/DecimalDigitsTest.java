package io.namesrv.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The digits written are Java's own decimal form of the int, and the count is their number. */
class DecimalDigitsTest {
    @Test
    void writesWhatIntegerToStringWritesAndCountsItsDigits() {
        Random random = new Random(20261202L);
        IntStream edges = IntStream.of(0, 1, 9, 10, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
            -1, -10, Integer.MIN_VALUE);
        IntStream.concat(edges, random.ints(10_000)).forEach(value -> {
            ByteBuf out = Unpooled.buffer(1).writeByte('x');
            DecimalDigits.write(out, value);
            assertEquals("x" + value, out.toString(StandardCharsets.US_ASCII));
            if (value >= 0) {
                assertEquals(Integer.toString(value).length(), DecimalDigits.count(value), "digits of " + value);
            }
        });
    }
}
