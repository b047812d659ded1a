package io.keelwatch.signing.gate;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/** A gate policy as the API shows it (the same shape it is written in, plus who made it and when). */
@NamedInterface("gate")
public record GatePolicySummary(long id, String name, String imagePattern, List<String> environments, String mode,
        Authorities authorities, VulnerabilityRules vulnerabilities, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Who must have signed: any of these (a verified signature by any trusted signer, or by one of the keys or identities). */
    public record Authorities(Boolean anyTrustedSigner, List<Long> keys, List<Long> identities) {
    }

    /** The vulnerability rules; a null rule does not apply. */
    public record VulnerabilityRules(String maxSeverity, Integer noFixableCriticalOlderThanDays, Integer scannedWithinDays) {
    }

    static GatePolicySummary of(long id, GatePolicyTerms t, String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        return new GatePolicySummary(id, t.name(), t.imagePattern(), t.environments(), t.mode(),
                new Authorities(t.anyTrustedSigner(), t.keyIds(), t.identityIds()),
                new VulnerabilityRules(t.maxSeverity(), t.noFixableCriticalOlderThanDays(), t.scannedWithinDays()),
                createdBy, createdAt, updatedAt);
    }
}
