package io.keelwatch.findings;

import io.keelwatch.platform.RefusesUnknownFields;
import java.time.OffsetDateTime;

/**
 * A proposed gate-rule waiver: an exception whose subject is one rule of the deploy gate, for the images a project
 * holds records of (scans, findings, signatures), optionally only those of one repository pattern or one digest.
 *
 * @param rule         {@code signature}, {@code max-severity}, {@code fixable-critical-age} or {@code scanned-within}
 * @param imagePattern the image repository ({@code *} matches any characters), or null: every image of the project
 * @param imageDigest  one digest ({@code sha256:…}), or null: every digest
 * @param kind         {@code risk_accepted} or {@code false_positive}
 * @param expiresAt    required: every waiver ends
 */
public record GateWaiverProposal(String project, String rule, String imagePattern, String imageDigest, ExceptionKind kind,
        String justification, OffsetDateTime expiresAt) implements RefusesUnknownFields {
}
