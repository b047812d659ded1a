package io.keelwatch.platform;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The address people reach Keelwatch under. Redirects within Keelwatch are relative and need no
 * host at all; only what must be absolute (the sign-in and sign-out return addresses Keelwatch
 * gives the identity provider) is built from this setting, never from the request's {@code Host}
 * header, which the caller chooses.
 *
 * @param publicUrl e.g. {@code https://keelwatch.example.com} (scheme, host, optional port and path;
 *                  no query). Unset: those return addresses are derived from the request (behind
 *                  a proxy, see {@code server.forward-headers-strategy}), and the identity
 *                  provider's list of allowed redirect URIs is what stops a forged host
 */
@ConfigurationProperties("keelwatch")
public record PublicUrlSettings(URI publicUrl) {

    public PublicUrlSettings {
        if (publicUrl != null) {
            String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || publicUrl.getHost() == null
                    || publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("keelwatch.public-url (KEELWATCH_PUBLIC_URL) must be an http(s) address "
                        + "such as https://keelwatch.example.com, without query or fragment; it is " + publicUrl);
            }
        }
    }

    /** The configured address without a trailing slash, to append absolute paths to. */
    public Optional<String> base() {
        if (publicUrl == null) {
            return Optional.empty();
        }
        String url = publicUrl.toString();
        return Optional.of(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
