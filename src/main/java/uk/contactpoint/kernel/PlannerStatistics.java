package uk.contactpoint.kernel;

/**
 * When to refresh PostgreSQL's planner statistics while a load grows its tables: each time they have doubled since
 * the last time. Without column statistics the planner takes an id list of a thousand for most of a table and scans
 * it whole, so a load that grows a table from nothing inside one transaction (where autovacuum cannot see its rows)
 * gets slower with every batch. Doubling keeps the analyses few: about twenty from nothing to a million rows.
 */
public final class PlannerStatistics {

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
