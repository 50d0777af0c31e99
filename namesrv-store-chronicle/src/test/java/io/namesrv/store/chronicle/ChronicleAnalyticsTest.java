package io.namesrv.store.chronicle;

import net.openhft.chronicle.core.analytics.AnalyticsFacade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chronicle must never report usage to an outside host from a process that runs this store. */
@Timeout(10)
class ChronicleAnalyticsTest {
    @Test
    void theAnalyticsCodeIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        assertFalse(AnalyticsFacade.isEnabled());
    }

    @Test
    void andTheTestJvmIsToldToDisableItAnyway() {
        assertTrue(Boolean.getBoolean("chronicle.analytics.disable"), "surefire's argLine sets it");
    }
}
