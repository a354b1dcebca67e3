package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Of the records sharing a blocking key with a batch of new records, those that can change what the
 * {@link IncrementalLinker} decides for the batch: every candidate scoring at least the review threshold against one of
 * the new records, and each new record's best-scoring candidate (a new child's link shows its closest pair, ADR 39).
 * The linker is then given only the children of these, whole, instead of the children of every candidate: at 1,000,000
 * children a record shares a key with forty to a hundred others, nearly all of them scoring far below review.
 *
 * <p>Weights are the linker's own (the same comparisons, in the same order: the earlier record first). A candidate
 * counts only if the directory says it is one ({@code usable}: linked to a live child); a best candidate that is not
 * gives way to the next best, tier by tier of equal weight, as the linker, never seeing it, would have chosen.
 */
public final class Shortlist {
    private final MatchModel model;
    private final Thresholds thresholds;
    private final List<CompletableFuture<List<Prepared>>> pending = new ArrayList<>();

    /** A shortlist for one batch: give it the candidates ({@link #consider}), then ask for it ({@link #of}). */
    public Shortlist(MatchModel model, Thresholds thresholds) {
        this.model = model;
        this.thresholds = thresholds;
    }

    /**
     * Adds candidates: records sharing a blocking key with at least one of the batch's. They are made and prepared off
     * the caller's thread, so that the caller can read the next ones from the database meanwhile.
     */
    public void consider(Supplier<? extends Collection<LinkageRecord>> candidates) {
        pending.add(CompletableFuture.supplyAsync(() ->
                candidates.get().stream().map(model.standardiser()::prepare).toList()));
    }

    /**
     * The keys of the candidates the linker needs.
     *
     * @param probes the records being linked
     * @param usable of some candidate keys, those the linker would be given; asked, for many at a time, about every
     *     key returned
     */
    public Set<String> of(Collection<LinkageRecord> probes, Function<Set<String>, Set<String>> usable) {
        List<Prepared> candidates = new ArrayList<>();
        for (var part : pending) {
            try {
                candidates.addAll(part.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        // No block cap: the linker, given fewer records, may use a key that all the candidates together would fill
        // past it, so the shortlist looks through every key.
        InMemoryCandidateFinder finder = new InMemoryCandidateFinder(Integer.MAX_VALUE, candidates.size());
        Map<String, Prepared> prepared = new HashMap<>(candidates.size() * 2);
        for (Prepared c : candidates) {
            prepared.put(c.key, c);
            finder.add(c);
        }
        // Each record weighed on its own (in parallel: the finder and the prepared candidates are only read).
        List<Weighing> weighings = probes.parallelStream()
                .map(probe -> weigh(model.standardiser().prepare(probe), finder, prepared))
                .toList();
        Set<String> wanted = new LinkedHashSet<>();
        List<Ranked> below = new ArrayList<>();
        for (Weighing w : weighings) {
            wanted.addAll(w.strong());
            if (w.below() != null) {
                below.add(w.below());
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

    /** One record's candidates at or above review, and those below, strongest first (null when there are none). */
    private record Weighing(List<String> strong, Ranked below) {}

    private Weighing weigh(Prepared p, InMemoryCandidateFinder finder, Map<String, Prepared> prepared) {
        List<String> strong = new ArrayList<>();
        List<Weighed> weighed = new ArrayList<>();
        for (String key : finder.candidates(p)) {
            Prepared q = prepared.get(key);
            // As the linker weighs and compares it: a float, so that rounding puts a pair on the same side.
            float w = (float) model.weight(Comparisons.compare(q, p), q, p);
            if (w >= thresholds.possible()) {
                strong.add(key);
            } else {
                weighed.add(new Weighed(key, w));
            }
        }
        if (weighed.isEmpty()) {
            return new Weighing(strong, null);
        }
        weighed.sort((x, y) -> Float.compare(y.weight, x.weight));
        return new Weighing(strong, new Ranked(weighed));
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
