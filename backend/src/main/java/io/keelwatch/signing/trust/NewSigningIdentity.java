package io.keelwatch.signing.trust;

import io.keelwatch.platform.RefusesUnknownFields;
import java.time.Instant;

/**
 * A keyless identity to trust, as cosign names it ({@code --certificate-oidc-issuer}, {@code --certificate-identity}
 * or {@code --certificate-identity-regexp}).
 *
 * @param subjectRegex whether {@code subject} is a regular expression matched against the whole subject
 */
public record NewSigningIdentity(String issuer, String subject, Boolean subjectRegex, String scope, String team, String project,
        String owner, Instant expiresAt) implements RefusesUnknownFields {
}
