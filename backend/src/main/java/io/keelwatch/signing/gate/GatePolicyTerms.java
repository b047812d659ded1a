package io.keelwatch.signing.gate;

import java.util.List;

/**
 * A policy's terms, checked and normalised ({@link GatePolicyService#checked}).
 *
 * @param imagePattern                   a glob on the image repository (Docker's familiar spelling), {@code *} any characters
 * @param environments                   environment names; empty: every environment
 * @param mode                           {@code enforce} (a broken rule denies) or {@code warn} (it warns)
 * @param anyTrustedSigner               a signature verified by any key or identity trusted for the image's project suffices
 * @param keyIds                         trusted signing keys, any of which may have signed
 * @param identityIds                    keyless identities, any of which may have signed
 * @param maxSeverity                    no open finding above this severity; null: no such rule
 * @param noFixableCriticalOlderThanDays no open critical with a fix first seen longer ago; null: no such rule
 * @param scannedWithinDays              the image's last scan at most this old; null: no such rule
 */
record GatePolicyTerms(String name, String imagePattern, List<String> environments, String mode, boolean anyTrustedSigner,
        List<Long> keyIds, List<Long> identityIds, String maxSeverity, Integer noFixableCriticalOlderThanDays,
        Integer scannedWithinDays) {

    /** Whether the policy asks for a signature at all. */
    boolean requiresSignature() {
        return anyTrustedSigner || !keyIds.isEmpty() || !identityIds.isEmpty();
    }
}
