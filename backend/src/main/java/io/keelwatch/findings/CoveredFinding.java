package io.keelwatch.findings;

/**
 * A finding an exception covers, or (while proposed) would cover once approved: how a lead sees
 * what they are deciding on before they decide.
 *
 * @param matchId         the vulnerability or check id the exception matched
 * @param setByException  whether the exception already set this finding's status (approved); otherwise it would
 */
public record CoveredFinding(long id, String project, String imageRepository, String imageDigest, String matchId,
        String packageName, String installedVersion, Severity severity, FindingStatus status, boolean setByException) {
}
