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
    /** Guards the shared reads below. */
    private final Object reads = new Object();
    /** How many shared reads were started, and the number of the last one finished, with what it found. */
    private long started;
    private long finished;
    private boolean reading;
    private Generation found;
    private RuntimeException failed;

    GateGenerations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The generations as of some instant after this call began: what a read that started after it found. Callers
     * that arrive together share one read (under a webhook's load most would otherwise each wait their turn for a
     * connection and a core for the same two numbers): while a read is running, those who arrive wait for it to end,
     * then one of them starts the next for all of them. A read that started before a caller arrived never answers it,
     * so the answer is never older than the call. A caller in a transaction reads on its own connection: it must not
     * wait, holding one, for a read that needs another.
     */
    Generation read() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return readNow();
        }
        long round;
        synchronized (reads) {
            long mine = started + 1;
            while (true) {
                if (finished >= mine) {
                    if (failed != null) {
                        throw failed;
                    }
                    return found;
                }
                if (!reading) {
                    reading = true;
                    round = ++started;
                    break;
                }
                try {
                    reads.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the gate's generations", e);
                }
            }
        }
        Generation generation = null;
        RuntimeException error = null;
        try {
            generation = readNow();
        } catch (RuntimeException e) {
            error = e;
        }
        synchronized (reads) {
            finished = round;
            found = generation;
            failed = error;
            reading = false;
            reads.notifyAll();
        }
        if (error != null) {
            throw error;
        }
        return generation;
    }

    /** One tiny statement: both sequences' last values (non-transactional, so the newest any session took). */
    private Generation readNow() {
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
