package io.keelwatch.signing.signatures;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of signature material {@code POST /api/v1/signatures} takes, as the {@code format} field names them. */
public enum SignatureFormat {
    COSIGN("cosign"),
    COSIGN_VERIFY_OUTPUT("cosign-verify-output"),
    SIGSTORE_BUNDLE("sigstore-bundle"),
    NOTATION("notation");

    private final String value;

    SignatureFormat(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<SignatureFormat> fromValue(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }
}
