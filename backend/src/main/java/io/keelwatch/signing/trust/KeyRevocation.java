package io.keelwatch.signing.trust;

import io.keelwatch.platform.RefusesUnknownFields;

/** Why a key or identity is revoked (≤ 1000 characters, optional). */
public record KeyRevocation(String reason) implements RefusesUnknownFields {
}
