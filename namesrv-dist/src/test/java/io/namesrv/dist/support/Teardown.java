package io.namesrv.dist.support;

/** Stops what a test class started, in order, each step even when an earlier one failed. */
public final class Teardown {
    private Teardown() {
    }

    /**
     * Closes each resource that is not null, in the order given; the first failure is rethrown
     * after all were tried, with the later ones suppressed.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A broker killed with SIGKILL rather than stopped: a test class's last step, where speed matters. */
    public static AutoCloseable killing(BrokerProcess broker) {
        return broker == null ? null : broker::kill;
    }
}
