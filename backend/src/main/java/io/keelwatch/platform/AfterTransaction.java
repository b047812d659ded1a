package io.keelwatch.platform;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work on what a replica keeps in memory that must wait for the caller's transaction: what it forgets only once a change
 * is visible to the next read, what it remembers only once it is committed. Outside a transaction, at once.
 */
public final class AfterTransaction {

    private AfterTransaction() {
    }

    /** Runs once the current transaction has ended, committed or rolled back. */
    public static void ended(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** Runs once the current transaction has committed; never if it rolls back. */
    public static void committed(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
