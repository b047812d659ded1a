/**
 * Signing status: trusted keys, keyless identities and trust roots; signatures Keelwatch verifies itself
 * (key-based cosign, Sigstore bundles, Notation envelopes) or records as reported; the status of each
 * image digest.
 */
package io.keelwatch.signing;
