package io.keelwatch.signing;

import java.util.List;

/**
 * A gate policy as another module creates it through {@link SigningService#createGatePolicy} (the demo): the API's
 * shape with any trusted signer as the only authority.
 *
 * @param environments environment names; empty: every environment
 * @param mode         {@code enforce} or {@code warn}
 */
public record NewGatePolicy(String name, String imagePattern, List<String> environments, String mode, boolean anyTrustedSigner,
        String maxSeverity, Integer noFixableCriticalOlderThanDays, Integer scannedWithinDays) {
}
