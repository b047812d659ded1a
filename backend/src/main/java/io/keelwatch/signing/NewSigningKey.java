package io.keelwatch.signing;

import io.keelwatch.platform.RefusesUnknownFields;
import java.time.Instant;

/**
 * A public key to trust.
 *
 * @param name      what people call it (≤ 200 characters)
 * @param publicKey one PEM {@code PUBLIC KEY} block: ECDSA P-256 / P-384, RSA (≥ 2048 bits) or Ed25519
 * @param scope     {@code global} (admins), {@code team} or {@code project}
 * @param team      the team's slug, for a team key
 * @param project   the project's slug, for a project key
 * @param owner     who holds the private key (≤ 200 characters), optional
 * @param expiresAt when it stops being trusted, optional
 * @param replaces  the id of the key this one rotates (it names this one as its successor), optional
 */
public record NewSigningKey(String name, String publicKey, String scope, String team, String project, String owner,
        Instant expiresAt, Long replaces) implements RefusesUnknownFields {
}
