package io.keelwatch.access;

import java.util.Optional;
import java.util.Set;

/**
 * A caller as an identity provider vouches for them, already read through {@link OidcSettings}:
 * who (issuer + subject, the key of their {@code app_user} row), what to call them, the Keelwatch
 * role and team slugs their provider roles and groups map to, and, for integrations, the scopes
 * their token is limited to.
 *
 * @param serviceAccount a client acting for itself (client-credentials grant), not a person
 * @param scopes         present when the token is limited like an API token: always for service
 *                       accounts, and for people's tokens that carry a {@code scopes} claim
 */
record ExternalIdentity(String issuer, String subject, String username, String displayName, String email,
        Optional<Role> role, Set<String> teamSlugs, boolean serviceAccount, Optional<Set<Scope>> scopes) {

    ExternalIdentity {
        teamSlugs = Set.copyOf(teamSlugs);
        scopes = scopes.map(Set::copyOf);
    }
}
