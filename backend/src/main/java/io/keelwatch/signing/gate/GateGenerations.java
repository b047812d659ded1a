package io.keelwatch.signing.gate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether anything the gate reads has changed, across replicas: V41's two generations, which every statement writing
 * what a decision reads moves on (the evidence: images, scans, findings, signatures, exceptions; the policies), and
 * whether a verdict read now may be kept under them. See V41 for why sequences and a shared advisory lock.
 */
@Component
class GateGenerations {

    /** The generations as read; equal values mean nothing the gate reads was written in between. */
    record Generation(long evidence, long policies) {

        boolean notOlderThan(Generation other) {
            return evidence >= other.evidence && policies >= other.policies;
        }
    }

    /**
     * Whether every writer that took a generation read before had ended (committed or rolled back) when asked, per
     * channel: then data read after includes every write those generations stand for.
     */
    record Settled(boolean evidence, boolean policies) {
    }

    private final JdbcClient jdbc;

    GateGenerations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One tiny statement: both sequences' last values (non-transactional, so the newest any session took), read after
     * the call began. Callers do not share reads: tried (one read for all who arrived while none was running, two
     * ways), it did no better on AdmissionBenchmark (49-72 % of the bare endpoint's rate, against 46-90 % each caller
     * its own, on a busy two-core machine), and a read of one's own is simpler to trust.
     */
    Generation read() {
        return jdbc.sql("""
                select (select last_value from gate_evidence_generation), (select last_value from gate_policy_generation)""")
                .query((rs, n) -> new Generation(rs.getLong(1), rs.getLong(2))).single();
    }

    /**
     * Tries V41's advisory locks exclusively and lets them go at once (a session lock taken and released in one
     * statement): true where no writer holds it. Inside a transaction nothing is settled: what it read may be its own
     * uncommitted writes.
     * Call after {@link #read} and before reading the data a verdict is computed from.
     */
    Settled settled() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // this session's own uncommitted writes hold the lock without conflicting with it, and may roll back
            return new Settled(false, false);
        }
        return jdbc.sql("""
                select case when pg_try_advisory_lock(hashtext('keelwatch.gate-generation'), 1)
                            then pg_advisory_unlock(hashtext('keelwatch.gate-generation'), 1) else false end,
                       case when pg_try_advisory_lock(hashtext('keelwatch.gate-generation'), 2)
                            then pg_advisory_unlock(hashtext('keelwatch.gate-generation'), 2) else false end""")
                .query((rs, n) -> new Settled(rs.getBoolean(1), rs.getBoolean(2))).single();
    }
}
