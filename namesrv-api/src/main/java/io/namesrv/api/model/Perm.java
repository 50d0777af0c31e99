package io.namesrv.api.model;

/** Permission bits of a topic's queues on a broker, as RocketMQ's PermName defines them. */
public final class Perm {
    public static final int PRIORITY = 0x1 << 3;
    public static final int READ = 0x1 << 2;
    public static final int WRITE = 0x1 << 1;
    public static final int INHERIT = 0x1;

    private Perm() {
    }

    public static boolean isWriteable(int perm) {
        return (perm & WRITE) == WRITE;
    }
}
