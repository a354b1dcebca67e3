package uk.contactpoint.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.England;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.NameVariants;

/**
 * Practitioner search: checks the criteria, finds and ranks children in the index, shows at most {@link #MAX_RESULTS}
 * (or asks to refine, showing none), and records every search (refused ones too) in the audit log before the answer
 * is given, with the criteria, how many qualified and the ContactPoint IDs shown.
 */
@Service
public class ChildSearch {

    public static final int MAX_RESULTS = 10;

    /** The roles that may search: practitioners (also view-only), the LA team, and child-protection override users. */
    public static final Set<Role> SEARCHERS =
            Set.of(Role.PRACTITIONER, Role.PRACTITIONER_VIEW_ONLY, Role.LA_TEAM, Role.CHILD_PROTECTION_OVERRIDE);

    /** Who searches, and from where, as the audit records it. */
    public record Searcher(SignedInUser user, String clientAddress, String userAgent) {}

    private final SearchIndex index;
    private final AuditLog audit;
    private final Ranker ranker;
    private final Clock clock;

    ChildSearch(SearchIndex index, AuditLog audit, Clock clock) {
        this.index = index;
        this.audit = audit;
        this.ranker = new Ranker(MatchModel.reference(), NameVariants.standard());
        this.clock = clock;
    }

    /** Today in England, which is what ages and birth years mean to a practitioner. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(England.ZONE));
    }

    /**
     * Searches. Refuses (and records the refusal) when the criteria do not meet the minimum; throws {@link
     * SearchIndex.UnavailableException} while the index is starting.
     */
    public SearchOutcome search(SearchCriteria.Input input, Searcher searcher) {
        Role role = role(searcher.user());
        SearchCriteria criteria;
        try {
            criteria = SearchCriteria.of(input, today());
        } catch (SearchRefusedException e) {
            audit.recordNow(event(
                    searcher,
                    role,
                    null,
                    "refused field=" + e.field() + ": " + e.getMessage() + "; input " + input,
                    AuditEvent.Outcome.REFUSED));
            throw e;
        }
        // A search changes nothing in the database: it ranks holding no connection, and its event is written with the
        // others of the moment, committed before the answer is given (ADR 32).
        Ranker.Ranked ranked = rank(criteria);
        int qualifying = ranked.qualifying().size();
        SearchOutcome outcome;
        String detail;
        if (ranked.overflow() || qualifying > MAX_RESULTS) {
            outcome = new SearchOutcome.Refine();
            detail = criteria.describe() + " outcome=REFINE results="
                    + (ranked.overflow() ? ">" + Ranker.MAX_CANDIDATES : qualifying) + " shown=";
        } else {
            List<SearchOutcome.Result> results =
                    ranked.qualifying().stream().map(ChildSearch::result).toList();
            outcome = new SearchOutcome.Found(results);
            detail = criteria.describe() + " outcome=FOUND results=" + results.size() + " shown="
                    + ranked.qualifying().stream().map(s -> s.child().childId()).collect(Collectors.joining(","));
        }
        String subject =
                outcome instanceof SearchOutcome.Found found && found.results().size() == 1
                        ? ranked.qualifying().getFirst().child().childId()
                        : null;
        audit.recordNow(event(searcher, role, subject, detail, AuditEvent.Outcome.SUCCESS));
        return outcome;
    }

    Ranker.Ranked rank(SearchCriteria criteria) {
        try {
            return index.search(searcher -> ranker.rank(searcher, criteria));
        } catch (IOException e) {
            throw new UncheckedIOException("the search index could not be read", e);
        }
    }

    /** Only what picks the right child: a shielded child's town is never shown (nor stored in the index). */
    static SearchOutcome.Result result(Ranker.Scored scored) {
        var child = scored.child();
        return new SearchOutcome.Result(
                new ChildId(child.childId()).formatted(),
                child.givenNames(),
                child.familyName(),
                child.gender(),
                child.dateOfBirth(),
                child.shielded() ? null : child.town());
    }

    private static Role role(SignedInUser user) {
        return user.roles().stream()
                .filter(SEARCHERS::contains)
                .findFirst()
                .orElseThrow(() -> new AccessDeniedException("this role may not search for children"));
    }

    private static AuditEvent event(
            Searcher searcher, Role role, String subject, String detail, AuditEvent.Outcome outcome) {
        var user = searcher.user();
        return new AuditEvent(
                user.id(),
                user.username(),
                user.organisationCode(),
                role.name(),
                searcher.clientAddress(),
                searcher.userAgent(),
                "SEARCH",
                subject,
                detail,
                null,
                outcome);
    }
}
