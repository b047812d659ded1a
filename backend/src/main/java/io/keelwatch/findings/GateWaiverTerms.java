package io.keelwatch.findings;

/**
 * What a gate-rule waiver (subject: a rule of the deploy gate, named by {@code matchId}) narrows its project to.
 *
 * @param imagePattern the image repository ({@code *} any characters), or null: every image of the project
 * @param imageDigest  one digest, or null: every digest
 */
public record GateWaiverTerms(String imagePattern, String imageDigest) {
}
