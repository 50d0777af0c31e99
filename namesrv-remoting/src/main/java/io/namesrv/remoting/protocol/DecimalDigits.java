package io.namesrv.remoting.protocol;

import io.netty.buffer.ByteBuf;

/** An int's decimal digits, written as ASCII straight into a buffer: JSON numbers without a String. */
public final class DecimalDigits {
    private DecimalDigits() {
    }

    /** How many digits {@code nonNegative} has. */
    public static int count(long nonNegative) {
        int digits = 1;
        for (long p = 10; p <= nonNegative; p *= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code value}, a '-' first if it is negative. */
    public static void write(ByteBuf out, int value) {
        long v = value;
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        int digits = count(v);
        int at = out.writerIndex();
        out.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at + digits);
    }
}
