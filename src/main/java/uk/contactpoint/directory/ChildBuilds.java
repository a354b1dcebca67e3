package uk.contactpoint.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.SourceCode;

/**
 * Builds children from the source records linked to them, the one way every path (the linker, the team's decisions)
 * does it: a child is always what its MATCH records say (docs/adr/0008-assembling-a-child.md).
 */
@Component
class ChildBuilds {

    private final SourceRecords sourceRecords;
    private final Sources sources;
    private final Children children;
    private final SourceLinks links;
    private final ChildAssembler assembler;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final Map<String, Integer> ranks = new ConcurrentHashMap<>();

    ChildBuilds(
            SourceRecords sourceRecords,
            Sources sources,
            Children children,
            SourceLinks links,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.sourceRecords = sourceRecords;
        this.sources = sources;
        this.children = children;
        this.links = links;
        this.assembler = new ChildAssembler(this::rank);
    }

    Optional<AssembledChild> assemble(List<SourceRecordView> records) {
        return assembler.assemble(records);
    }

    /** A new child of these records (at least one active); the caller links them to it. */
    long create(List<SourceRecordView> records) {
        return children.create(assembler.assemble(records).orElseThrow());
    }

    /** Rebuilds each child from its MATCH records; a child no active record is left in is marked so, never dropped. */
    void rebuild(Collection<Long> childIds) {
        for (long childId : childIds) {
            var assembled =
                    assembler.assemble(sourceRecords.findByIds(links.matchedRecords(childId)), preferences(childId));
            if (assembled.isPresent()) {
                children.update(childId, assembled.get());
            } else {
                children.markUnknownToSources(childId);
            }
        }
    }

    /** The team's preferred source per field for this child. */
    private Map<ChildAssembler.Field, String> preferences(long childId) {
        Map<ChildAssembler.Field, String> preferred = new java.util.EnumMap<>(ChildAssembler.Field.class);
        jdbc.sql("select field, source_code from field_preference where child_id = :child")
                .param("child", childId)
                .query((rs, n) -> preferred.put(ChildAssembler.Field.valueOf(rs.getString(1)), rs.getString(2)))
                .list();
        return preferred;
    }

    private int rank(String source) {
        return ranks.computeIfAbsent(
                source,
                code -> sources.find(new SourceCode(code))
                        .map(s -> switch (s.kind()) {
                            case HEALTH -> 0;
                            case SCHOOL_CENSUS -> 1;
                            case LOCAL_AUTHORITY -> 2;
                            case PRACTITIONER -> 3;
                            case BIRTHS -> 4;
                            case BENEFIT -> 5;
                        })
                        .orElse(9));
    }
}
