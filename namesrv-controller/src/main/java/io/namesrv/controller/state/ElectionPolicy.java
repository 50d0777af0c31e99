package io.namesrv.controller.state;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a master among the live members of a set (the SyncStateSet, or every member for an unclean
 * election), as Apache's DefaultElectPolicy does: the old master while it qualifies, a designated
 * broker only if it qualifies, else the member with the highest epoch, then the highest max offset,
 * then the lowest election priority value (ties: the lowest id, so that every node agrees).
 */
final class ElectionPolicy {
    private static final Comparator<Candidate> BEST_FIRST = Comparator
        .comparingInt(Candidate::epoch).reversed()
        .thenComparing(Comparator.comparingLong(Candidate::maxOffset).reversed())
        .thenComparingInt(Candidate::electionPriority)
        .thenComparingLong(Candidate::brokerId);

    private ElectionPolicy() {
    }

    /** The new master among {@code eligible} ∩ alive, or null when none qualifies. */
    static Long choose(Collection<Long> eligible, List<Candidate> alive, Long oldMaster, Long designated) {
        List<Candidate> qualified = alive.stream().filter(c -> eligible.contains(c.brokerId())).toList();
        if (qualified.isEmpty()) {
            return null;
        }
        Set<Long> qualifiedIds = qualified.stream().map(Candidate::brokerId).collect(java.util.stream.Collectors.toSet());
        if (oldMaster != null && qualifiedIds.contains(oldMaster) && (designated == null || designated.equals(oldMaster))) {
            return oldMaster;
        }
        if (designated != null) {
            return qualifiedIds.contains(designated) ? designated : null;
        }
        Optional<Candidate> best = qualified.stream().min(BEST_FIRST);
        return best.map(Candidate::brokerId).orElse(null);
    }
}
