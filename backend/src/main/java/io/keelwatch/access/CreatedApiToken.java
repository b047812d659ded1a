package io.keelwatch.access;

/**
 * A token just created: the only time its secret is ever shown. Keelwatch keeps only a hash.
 *
 * @param secret the token to send as {@code Authorization: Bearer kw_…}
 */
public record CreatedApiToken(String secret, ApiTokenSummary token) {

    @Override
    public String toString() {
        return "CreatedApiToken[secret=******, token=" + token + "]";
    }
}
