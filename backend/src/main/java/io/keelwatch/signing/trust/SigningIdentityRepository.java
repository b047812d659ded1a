package io.keelwatch.signing.trust;

import org.springframework.data.jpa.repository.JpaRepository;

/** Trusted keyless identities for editing; reads go through {@link TrustQueries}. */
interface SigningIdentityRepository extends JpaRepository<SigningIdentity, Long> {
}
