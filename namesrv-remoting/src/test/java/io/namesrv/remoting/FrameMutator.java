package io.namesrv.remoting;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks well-formed frames the ways a hostile or broken peer would: flipped bits, overwritten
 * bytes and ints, truncation, lengths that lie (the frame's, the header's), bytes inserted or cut
 * out with the frame length fixed up (so the frame is whole and only its content is broken), a
 * broken body under an intact header, junk, and several of these pipelined on one connection.
 */
final class FrameMutator {
    /** Values that sit on the edges of length checks. */
    private static final int[] EDGE_INTS = {0, 1, 2, 3, 4, -1, -4, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFF,
        0x1000000, 0x7FFF, 0x8000, 0xFFFF};
    private static final byte[] EDGE_BYTES = {0, -1, 0x7F, (byte) 0x80, '{', '}', '[', '"', ':', ',', '\\', '0', 1};

    /** What was done to a seed, for the failure message and for the checks that depend on it. */
    enum Kind {
        INTACT, FLIP_BITS, OVERWRITE_BYTES, OVERWRITE_INT, TRUNCATE, LIE_FRAME_LENGTH, LIE_HEADER_LENGTH,
        INSERT_FIXED, DELETE_FIXED, BREAK_BODY, JUNK, PIPELINE
    }

    record Input(Kind kind, String seed, byte[] bytes) {
    }

    private final List<FuzzSeeds.Seed> seeds;
    private final int maxFrame;

    FrameMutator(List<FuzzSeeds.Seed> seeds, int maxFrame) {
        this.seeds = seeds;
        this.maxFrame = maxFrame;
    }

    Input next(Random random) {
        FuzzSeeds.Seed seed = seeds.get(random.nextInt(seeds.size()));
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        if (kind == Kind.BREAK_BODY && !seed.decodedBody()) {
            kind = Kind.FLIP_BITS;
        }
        return new Input(kind, seed.name(), mutate(kind, seed.frame(), random));
    }

    private byte[] mutate(Kind kind, byte[] frame, Random random) {
        byte[] out = frame.clone();
        switch (kind) {
            case INTACT -> {
            }
            case FLIP_BITS -> {
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case OVERWRITE_BYTES -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    out[random.nextInt(out.length)] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                }
            }
            case OVERWRITE_INT -> {
                // most often on the header's own length fields: the remark's and extFields' in a binary header
                int at = random.nextInt(Math.min(out.length - 3, 64));
                ByteBuffer.wrap(out).putInt(at, edgeInt(random, out.length));
            }
            case TRUNCATE -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case LIE_FRAME_LENGTH -> {
                ByteBuffer.wrap(out).putInt(0, edgeInt(random, out.length - 4));
                if (random.nextBoolean()) {
                    out = concat(out, seeds.get(random.nextInt(seeds.size())).frame());
                }
            }
            case LIE_HEADER_LENGTH -> {
                int field = ByteBuffer.wrap(out).getInt(4);
                int lie = random.nextInt(4) == 0 ? random.nextInt() : (field & 0xFF000000) | (edgeInt(random,
                    field & 0xFFFFFF) & 0xFFFFFF);
                ByteBuffer.wrap(out).putInt(4, lie);
            }
            case INSERT_FIXED -> {
                byte[] junk = new byte[1 + random.nextInt(16)];
                random.nextBytes(junk);
                int at = 8 + random.nextInt(out.length - 7);
                out = fixLength(concat(Arrays.copyOf(out, at), junk, Arrays.copyOfRange(frame, at, frame.length)));
            }
            case DELETE_FIXED -> {
                int at = 8 + random.nextInt(out.length - 8);
                int end = Math.min(out.length, at + 1 + random.nextInt(16));
                out = fixLength(concat(Arrays.copyOf(out, at), Arrays.copyOfRange(frame, end, frame.length)));
            }
            case BREAK_BODY -> {
                int bodyStart = 8 + (ByteBuffer.wrap(out).getInt(4) & 0xFFFFFF);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = bodyStart + random.nextInt(out.length - bodyStart);
                    out[at] = random.nextBoolean() ? EDGE_BYTES[random.nextInt(EDGE_BYTES.length)]
                        : (byte) (out[at] ^ (1 << random.nextInt(8)));
                }
                if (random.nextInt(4) == 0) {
                    // a body cut short, the frame length telling the truth about it
                    out = fixLength(Arrays.copyOf(out, bodyStart + random.nextInt(out.length - bodyStart)));
                }
            }
            case JUNK -> {
                out = new byte[random.nextInt(256)];
                random.nextBytes(out);
                if (out.length >= 4 && random.nextBoolean()) {
                    fixLength(out);
                }
            }
            case PIPELINE -> {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    Kind other = Kind.values()[random.nextInt(Kind.PIPELINE.ordinal())];
                    byte[] next = seeds.get(random.nextInt(seeds.size())).frame();
                    out = concat(out, other == Kind.BREAK_BODY ? next : mutate(other, next, random));
                }
            }
        }
        return out;
    }

    /** Near the true value, on an edge, or past the frame limit. */
    private int edgeInt(Random random, int truth) {
        return switch (random.nextInt(4)) {
            case 0 -> truth + random.nextInt(33) - 16;
            case 1 -> maxFrame + random.nextInt(3) - 1;
            case 2 -> random.nextInt();
            default -> EDGE_INTS[random.nextInt(EDGE_INTS.length)];
        };
    }

    private static byte[] fixLength(byte[] frame) {
        ByteBuffer.wrap(frame).putInt(0, frame.length - 4);
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
