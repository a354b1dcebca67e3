package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Of the records sharing a blocking key with a batch of new records, those that can change what the
 * {@link IncrementalLinker} decides for the batch: every candidate scoring at least the review threshold against one of
 * the new records, and each new record's best-scoring candidate (a new child's link shows its closest pair, ADR 39).
 * The linker is then given only the children of these, whole, instead of the children of every candidate: at 1,000,000
 * children a record shares a key with about forty others, nearly all of them scoring far below review.
 *
 * <p>Weights are the linker's own (the same comparisons, in the same order: the earlier record first). A candidate
 * counts only if the directory says it is one ({@code usable}: linked to a live child); a best candidate that is not
 * gives way to the next best, tier by tier of equal weight, as the linker, never seeing it, would have chosen.
 */
public final class Shortlist {
    private final MatchModel model;
    private final Thresholds thresholds;

    public Shortlist(MatchModel model, Thresholds thresholds) {
        this.model = model;
        this.thresholds = thresholds;
    }

    /**
     * The keys of the candidates the linker needs.
     *
     * @param probes the records being linked
     * @param candidates the records sharing a blocking key with at least one probe
     * @param usable of some candidate keys, those the linker would be given; asked, for many at a time, about every
     *     key returned
     */
    public Set<String> of(
            Collection<LinkageRecord> probes,
            Collection<LinkageRecord> candidates,
            Function<Set<String>, Set<String>> usable) {
        // No block cap: the linker, given fewer records, may use a key that all the candidates together would fill
        // past it, so the shortlist looks through every key.
        InMemoryCandidateFinder finder = new InMemoryCandidateFinder(Integer.MAX_VALUE, candidates.size());
        Map<String, Prepared> prepared = new HashMap<>(candidates.size() * 2);
        for (LinkageRecord c : candidates) {
            Prepared p = model.standardiser().prepare(c);
            prepared.put(p.key, p);
            finder.add(p);
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<Ranked> below = new ArrayList<>();
        for (LinkageRecord probe : probes) {
            Prepared p = model.standardiser().prepare(probe);
            List<String> found = finder.candidates(p);
            List<Weighed> weighed = new ArrayList<>(found.size());
            for (String key : found) {
                Prepared q = prepared.get(key);
                // As the linker weighs and compares it: a float, so that rounding puts a pair on the same side.
                float w = (float) model.weight(Comparisons.compare(q, p), q, p);
                if (w >= thresholds.possible()) {
                    wanted.add(key);
                } else {
                    weighed.add(new Weighed(key, w));
                }
            }
            if (!weighed.isEmpty()) {
                weighed.sort((x, y) -> Float.compare(y.weight, x.weight));
                below.add(new Ranked(weighed));
            }
        }
        // Which of the strong ones are usable does not change what is wanted: the linker is given whichever are. Below
        // the threshold only the best usable one is, so each record walks down its tiers until one holds a usable
        // record. The strong ones are asked about with the first tiers, so that the caller learns of every record it
        // must give the linker through usable alone.
        Set<String> ask = new LinkedHashSet<>(wanted);
        Set<String> good = new HashSet<>();
        Set<String> known = new HashSet<>();
        while (true) {
            for (Ranked r : below) {
                for (String k : r.tier()) {
                    if (!known.contains(k)) {
                        ask.add(k);
                    }
                }
            }
            if (ask.isEmpty()) {
                break;
            }
            good.addAll(usable.apply(ask));
            known.addAll(ask);
            ask = new LinkedHashSet<>();
            List<Ranked> unresolved = new ArrayList<>();
            for (Ranked r : below) {
                List<String> tier = r.tier();
                wanted.addAll(tier);
                if (tier.stream().noneMatch(good::contains) && r.advance()) {
                    unresolved.add(r);
                }
            }
            below = unresolved;
        }
        return wanted;
    }

    private record Weighed(String key, float weight) {}

    /** One probe's candidates below the threshold, strongest first, read a tier (equal weights) at a time. */
    private static final class Ranked {
        private final List<Weighed> weighed;
        private int from;
        private int to;

        Ranked(List<Weighed> weighed) {
            this.weighed = weighed;
            this.to = end(0);
        }

        private int end(int start) {
            int end = start + 1;
            while (end < weighed.size() && weighed.get(end).weight == weighed.get(start).weight) {
                end++;
            }
            return end;
        }

        List<String> tier() {
            return weighed.subList(from, to).stream().map(Weighed::key).toList();
        }

        /** Moves to the next tier; false when there is none. */
        boolean advance() {
            if (to >= weighed.size()) {
                return false;
            }
            from = to;
            to = end(from);
            return true;
        }
    }
}
