package uk.contactpoint.audit;

import java.time.Clock;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * <strong>Benchmark only.</strong> The audit log with a switch for the search's own event, so that
 * {@code HttpSearchBenchmark} can measure what the audit write adds to a search (issue 7) under the same load in the
 * same run. It lives on the test classpath only, is not a component (no test or production context scans it), and
 * takes effect only in a context built with {@link #register()}, which the benchmark alone does. Production has no
 * switch: {@link AuditLog} always writes, and nothing in {@code src/main} can reach this class.
 *
 * <p>While off, a {@code SEARCH} event is not written; every other event still is. "Off" is the search without its
 * insert and durable commit, which is what the audit costs.
 */
public class SwitchableAuditLog extends AuditLog {

    private volatile boolean searches = true;

    SwitchableAuditLog(JdbcClient jdbc, AuditAppender appender, Clock clock) {
        super(jdbc, appender, clock);
    }

    /** A context initializer that puts this log in place of {@link AuditLog} (as the primary bean). */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> register() {
        return context -> ((GenericApplicationContext) context)
                .registerBean(SwitchableAuditLog.class, definition -> definition.setPrimary(true));
    }

    /** Whether SEARCH events are written (the default, as in production). */
    public void recordSearches(boolean on) {
        searches = on;
    }

    public boolean recordsSearches() {
        return searches;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(AuditEvent event) {
        if (!searches && "SEARCH".equals(event.action())) {
            return -1;
        }
        return super.record(event);
    }

    @Override
    public void recordNow(AuditEvent event) {
        if (!searches && "SEARCH".equals(event.action())) {
            return;
        }
        super.recordNow(event);
    }
}
