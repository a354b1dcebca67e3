package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.IdList;
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

    /**
     * A new child of each group of records (each with at least one active), in one batch; ids in group order. The
     * records the caller holds already are not read again.
     */
    List<Long> createAll(List<List<Long>> groups, Children.TakenIds taken, Map<Long, SourceRecordView> known) {
        List<Long> created = new ArrayList<>(groups.size());
        for (int from = 0; from < groups.size(); from += 1_000) {
            List<List<Long>> part = groups.subList(from, Math.min(groups.size(), from + 1_000));
            Map<Long, SourceRecordView> byId =
                    recordsOf(part.stream().flatMap(List::stream).toList(), known);
            created.addAll(children.createAll(
                    part.stream()
                            .map(g -> assembler
                                    .assemble(g.stream().map(byId::get).toList())
                                    .orElseThrow())
                            .toList(),
                    taken));
        }
        return created;
    }

    /** Rebuilds each child from its MATCH records; a child no active record is left in is marked so, never dropped. */
    void rebuild(Collection<Long> childIds) {
        rebuild(childIds, Map.of());
    }

    /** As {@link #rebuild(Collection)}, reading only the records the caller does not hold already. */
    void rebuild(Collection<Long> childIds, Map<Long, SourceRecordView> known) {
        for (List<Long> part : SourceLinks.partition(childIds)) {
            Map<Long, List<Long>> matched = links.matchedRecords(part);
            Map<Long, SourceRecordView> byId =
                    recordsOf(matched.values().stream().flatMap(List::stream).toList(), known);
            Map<Long, Map<ChildAssembler.Field, String>> preferred = preferences(part);
            Map<Long, AssembledChild> rebuilt = new LinkedHashMap<>();
            for (long childId : part) {
                var assembled = assembler.assemble(
                        matched.getOrDefault(childId, List.of()).stream()
                                .map(byId::get)
                                .toList(),
                        preferred.getOrDefault(childId, Map.of()));
                if (assembled.isPresent()) {
                    rebuilt.put(childId, assembled.get());
                } else {
                    children.markUnknownToSources(childId);
                }
            }
            children.updateAll(rebuilt);
        }
    }

    /** These records, from those known where they are, the rest read. */
    private Map<Long, SourceRecordView> recordsOf(List<Long> ids, Map<Long, SourceRecordView> known) {
        Map<Long, SourceRecordView> byId = new HashMap<>();
        List<Long> unknown = new ArrayList<>();
        for (long id : ids) {
            SourceRecordView record = known.get(id);
            if (record != null) {
                byId.put(id, record);
            } else {
                unknown.add(id);
            }
        }
        sourceRecords.findByIds(unknown).forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    /** The team's preferred source per field for each of these children. */
    private Map<Long, Map<ChildAssembler.Field, String>> preferences(List<Long> childIds) {
        Map<Long, Map<ChildAssembler.Field, String>> preferred = new HashMap<>();
        for (String part : IdList.parts(childIds)) {
            jdbc.sql("select child_id, field, source_code from field_preference where child_id in (" + part + ")")
                    .query((RowCallbackHandler) rs -> preferred
                            .computeIfAbsent(rs.getLong(1), c -> new EnumMap<>(ChildAssembler.Field.class))
                            .put(ChildAssembler.Field.valueOf(rs.getString(2)), rs.getString(3)));
        }
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
