package io.keelwatch.recovery.readiness;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends evidence to a restore. */
@Repository
class EvidenceRecords {

    private final JdbcClient jdbc;

    EvidenceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long add(long restoreId, Boolean passed, String note, String by) {
        return jdbc.sql("""
                        insert into recovery_evidence (restore_id, passed, note, created_by)
                        values (:restore, :passed, :note, :by) returning id""")
                .param("restore", restoreId)
                .param("passed", passed)
                .param("note", note)
                .param("by", by)
                .query(Long.class)
                .single();
    }
}
