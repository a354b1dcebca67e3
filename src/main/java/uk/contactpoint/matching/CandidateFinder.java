package uk.contactpoint.matching;

import java.util.List;

/**
 * Finds the records already linked that a new record should be compared with. The in-memory implementation
 * ({@link InMemoryCandidateFinder}) uses the blocking rules; the directory's will query its search index. Either way
 * the candidates should be those the batch's blocking rules would pair, so that both modes decide alike.
 */
public interface CandidateFinder {

    /** Makes a record findable. */
    void add(LinkageRecord record);

    /** The keys of records added earlier that may be the same child as the probe. */
    List<String> candidates(LinkageRecord probe);
}
