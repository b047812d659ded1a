package io.keelwatch.findings.exceptions;

import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.GateWaiverProposal;
import io.keelwatch.findings.MuteProposal;
import io.keelwatch.findings.VexJustification;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes of exception rows: proposals, edits, decisions (their effect on findings is {@link ExceptionStatusWriter}'s). */
@Repository
public class ExceptionRecords {

    private final JdbcClient jdbc;

    ExceptionRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long teamId, Long projectId, ExceptionProposal request, VexJustification vex, String proposedBy,
            String source) {
        return jdbc.sql("""
                insert into finding_exception (team_id, project_id, package_name, match_id, kind, justification,
                                               vex_justification, proposed_by, expires_at, source)
                values (:team, :project, :package, :match, :kind, :justification, :vex, :by, :expires, :source)
                returning id
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("package", request.packageName())
                .param("match", request.matchId())
                .param("kind", request.kind().name())
                .param("justification", request.justification())
                .param("vex", vex == null ? null : vex.name())
                .param("by", proposedBy)
                .param("expires", request.expiresAt())
                .param("source", source)
                .query(Long.class)
                .single();
    }

    /** A proposed mute: an exception whose subject is a runtime rule ({@code match_id} the rule's name). */
    public long insertMute(Long teamId, Long projectId, Long clusterId, MuteProposal request, String proposedBy) {
        return jdbc.sql("""
                insert into finding_exception (subject, team_id, project_id, cluster_id, match_id, namespace_pattern,
                                               workload_pattern, image_pattern, kind, justification, proposed_by, expires_at)
                values ('runtime_rule', :team, :project, :cluster, :rule, :namespace, :workload, :image, :kind, :justification,
                        :by, :expires)
                returning id
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("cluster", clusterId)
                .param("rule", request.rule())
                .param("namespace", request.namespacePattern())
                .param("workload", request.workloadPattern())
                .param("image", request.imagePattern())
                .param("kind", request.kind().name())
                .param("justification", request.justification())
                .param("by", proposedBy)
                .param("expires", request.expiresAt())
                .query(Long.class)
                .single();
    }

    /** A proposed gate-rule waiver: an exception whose subject is a rule of the deploy gate ({@code match_id} the rule). */
    public long insertGateWaiver(long teamId, long projectId, GateWaiverProposal request, String proposedBy) {
        return jdbc.sql("""
                insert into finding_exception (subject, team_id, project_id, match_id, image_pattern, image_digest, kind,
                                               justification, proposed_by, expires_at)
                values ('gate_rule', :team, :project, :rule, :image, :digest, :kind, :justification, :by, :expires)
                returning id
                """)
                .param("team", teamId)
                .param("project", projectId)
                .param("rule", request.rule())
                .param("image", request.imagePattern())
                .param("digest", request.imageDigest())
                .param("kind", request.kind().name())
                .param("justification", request.justification())
                .param("by", proposedBy)
                .param("expires", request.expiresAt())
                .query(Long.class)
                .single();
    }

    /** Writes an edit; the caller has locked the row ({@link #find} with {@code lock}) and checked it. */
    public void update(long id, String justification, String packageName, OffsetDateTime expiresAt) {
        jdbc.sql("update finding_exception set justification = :justification, package_name = :package, expires_at = :expires where id = :id")
                .param("justification", justification)
                .param("package", packageName)
                .param("expires", expiresAt)
                .param("id", id)
                .update();
    }

    public void decide(long id, ExceptionState state, String by, Instant now, String comment) {
        jdbc.sql("""
                update finding_exception set state = :state, decided_by = :by, decided_at = :now, decision_comment = :comment,
                       approved_by = case when :state = 'approved' then :by else approved_by end
                where id = :id
                """)
                .param("state", state.name())
                .param("by", by)
                .param("now", Timestamp.from(now))
                .param("comment", comment)
                .param("id", id)
                .update();
    }
}
