package io.keelwatch.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an ID token's or access token's claims into an {@link ExternalIdentity}, as
 * {@link OidcSettings} says: provider roles (claim {@code roles}) become the highest mapped
 * Keelwatch role (ADMIN &gt; SECURITY_LEAD &gt; AUDITOR &gt; DEVELOPER), groups under the group
 * prefix ({@code /teams/payments}) become team slugs, and the {@code scopes} / {@code scope}
 * claims become API scopes. Claim names may be dotted paths into nested objects
 * ({@code realm_access.roles}).
 *
 * <p>A token is a service account's (client credentials) when Keycloak says so
 * ({@code preferred_username} is {@code service-account-<client>}) or when, as in RFC 9068, its
 * subject is the client itself. A service account is a DEVELOPER unless its roles map to another role.
 */
final class OidcClaimMapper {

    /** Highest first: a person with several mapped roles gets the first of these they have. */
    private static final List<Role> PRECEDENCE = List.of(Role.ADMIN, Role.SECURITY_LEAD, Role.AUDITOR, Role.DEVELOPER);
    private static final String KEYCLOAK_SERVICE_ACCOUNT_PREFIX = "service-account-";

    private final OidcSettings settings;

    OidcClaimMapper(OidcSettings settings) {
        this.settings = settings;
    }

    ExternalIdentity map(Map<String, Object> claims) {
        String issuer = string(claims.get("iss"));
        String subject = string(claims.get("sub"));
        if (issuer == null || subject == null) {
            throw new IllegalArgumentException("The token names no issuer or no subject.");
        }
        String client = firstNonBlank(string(claims.get("azp")), string(claims.get("client_id")));
        String preferredUsername = string(claims.get("preferred_username"));
        boolean serviceAccount = client != null && ((KEYCLOAK_SERVICE_ACCOUNT_PREFIX + client).equals(preferredUsername)
                || subject.equals(client));

        Optional<Role> role = highestMappedRole(strings(claim(claims, settings.rolesClaim())));
        if (serviceAccount && role.isEmpty()) {
            role = Optional.of(Role.DEVELOPER);
        }
        Set<String> teams = new LinkedHashSet<>();
        for (String group : strings(claim(claims, settings.groupsClaim()))) {
            if (group.startsWith(settings.groupPrefix()) && group.length() > settings.groupPrefix().length()) {
                teams.add(group.substring(settings.groupPrefix().length()));
            }
        }
        Optional<Set<Scope>> scopes = Optional.empty();
        if (serviceAccount || claims.containsKey("scopes")) {
            Set<Scope> known = EnumSet.noneOf(Scope.class);
            List<String> values = new ArrayList<>(strings(claims.get("scopes")));
            values.addAll(strings(claims.get("scope")));
            values.forEach(value -> Scope.fromValue(value).ifPresent(known::add));
            role.ifPresent(r -> known.retainAll(Scope.grantableTo(r)));
            scopes = Optional.of(known);
        }

        String username = serviceAccount ? client
                : firstNonBlank(preferredUsername, string(claims.get("email")), subject);
        String displayName = serviceAccount ? "Client " + client
                : firstNonBlank(string(claims.get("name")), username);
        String email = serviceAccount ? null : string(claims.get("email"));
        return new ExternalIdentity(issuer, subject, username, displayName, email, role, teams, serviceAccount, scopes);
    }

    private Optional<Role> highestMappedRole(List<String> providerRoles) {
        Set<Role> mapped = EnumSet.noneOf(Role.class);
        providerRoles.forEach(name -> settings.mappedRole(name).ifPresent(mapped::add));
        return PRECEDENCE.stream().filter(mapped::contains).findFirst();
    }

    /** A claim by name, or by dotted path into nested objects when no claim has that exact name. */
    private static Object claim(Map<String, Object> claims, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (claims.containsKey(name) || !name.contains(".")) {
            return claims.get(name);
        }
        Object current = claims;
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** A list claim, or a string claim of values separated by spaces or commas. */
    private static List<String> strings(Object value) {
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.stream().filter(v -> v != null).map(String::valueOf).map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(values::add);
        } else if (value != null) {
            for (String part : String.valueOf(value).split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    values.add(part);
                }
            }
        }
        return values;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
