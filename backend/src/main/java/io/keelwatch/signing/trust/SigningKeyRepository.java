package io.keelwatch.signing.trust;

import org.springframework.data.jpa.repository.JpaRepository;

/** Trusted keys for editing; what people read goes through {@link TrustQueries}. */
interface SigningKeyRepository extends JpaRepository<SigningKey, Long> {
}
