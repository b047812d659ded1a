/**
 * Signature verification with the JDK (and BouncyCastle where the JDK lacks a piece), free of
 * persistence: each verifier takes the signature material, what it must be about (the image digest)
 * and what is trusted, and answers a {@link io.keelwatch.signing.verify.Verification}.
 */
package io.keelwatch.signing.verify;
