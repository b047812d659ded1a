package io.keelwatch.findings;

import java.time.OffsetDateTime;

/**
 * A proposed exception. Exactly one of {@code project} (a project slug) and {@code team} (a team
 * slug) names the scope.
 *
 * @param matchId          a vulnerability id (CVE-…, GHSA-…) or a check id
 * @param packageName      only findings in this package, or null for any package
 * @param vexJustification an OpenVEX justification label (optional)
 * @param expiresAt        required for risk acceptances
 */
public record ExceptionProposal(String project, String team, String matchId, String packageName, ExceptionKind kind,
        String justification, String vexJustification, OffsetDateTime expiresAt) {
}
