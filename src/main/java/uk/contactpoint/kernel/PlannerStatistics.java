package uk.contactpoint.kernel;

/**
 * When to refresh PostgreSQL's planner statistics while a load grows its tables: each time they have doubled since
 * the last time. Without column statistics the planner takes an id list of a thousand for most of a table and scans
 * it whole, so a load that grows a table from nothing inside one transaction (where autovacuum cannot see its rows)
 * gets slower with every batch. Doubling keeps the analyses few: about twenty from nothing to a million rows.
 */
public final class PlannerStatistics {

    /**
     * The columns of the staged records that loads query by. Analysing only the columns queried by, not every column
     * of a wide table, cut one analysis of 100,000 records from 0.67 to 0.18 s; the others keep their last figures.
     */
    public static final String SOURCE_RECORDS =
            "source_record (id, source_code, record_id, state, nhs_number, date_of_birth, last_run_id)";

    /** The linkage tables a load grows, by the columns its queries join and filter on. */
    public static final String LINKAGE =
            "link_key, source_link (source_record_id, child_id, match_result, link_source),"
                    + " child (id, child_id, state, nhs_number, upn, archived_at, local_authority_code),"
                    + " child_former_name (child_id), carer (child_id), involvement (child_id), change_log (seq, child_id)";

    private final long floor;
    private long analysedAt;

    /**
     * @param held how many rows the tables held when they were last analysed
     * @param floor the size below which no analysis is due (a plan over a small table costs little either way)
     */
    public PlannerStatistics(long held, long floor) {
        if (held < 0 || floor < 1) {
            throw new IllegalArgumentException("held must be at least 0 and floor at least 1");
        }
        this.analysedAt = held;
        this.floor = floor;
    }

    /** Whether the tables, now holding this many rows, are due an analysis; if so, it counts as done. */
    public boolean due(long held) {
        if (held < 2 * Math.max(analysedAt, floor)) {
            return false;
        }
        analysedAt = held;
        return true;
    }
}
