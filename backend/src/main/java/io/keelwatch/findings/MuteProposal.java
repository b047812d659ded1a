package io.keelwatch.findings;

import io.keelwatch.platform.RefusesUnknownFields;
import java.time.OffsetDateTime;

/**
 * A proposed mute: an exception whose subject is a runtime (Falco) rule. Its scope is a project, a team
 * or a cluster (at least one; a project or team together with a cluster narrows to that cluster); the
 * alerts it matches are kept and shown as muted while it is approved and unexpired.
 *
 * @param rule      the Falco rule name, exactly as Falco writes it
 * @param kind      {@code false_positive} (expected behaviour) or {@code risk_accepted}
 * @param expiresAt required: every mute ends
 */
public record MuteProposal(String project, String team, String cluster, String rule, String namespacePattern,
        String workloadPattern, String imagePattern, ExceptionKind kind, String justification, OffsetDateTime expiresAt)
        implements RefusesUnknownFields {
}
