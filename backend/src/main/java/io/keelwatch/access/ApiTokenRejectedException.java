package io.keelwatch.access;

/** A presented token that does not authenticate; the message is safe to show the caller. */
final class ApiTokenRejectedException extends RuntimeException {

    enum Reason { unknown, malformed, expired, revoked, owner_disabled, in_query_string,
        /** an identity provider's access token (JWT) that failed signature, issuer, audience or time checks */
        jwt_invalid }

    private final Reason reason;

    ApiTokenRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
