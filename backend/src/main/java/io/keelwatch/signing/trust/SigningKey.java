package io.keelwatch.signing.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A trusted public key as people change it: added, rotated (a successor named), revoked. Reads go through {@link TrustQueries}. */
@Entity
@Table(name = "signing_key")
class SigningKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String fingerprint;
    @Column(nullable = false)
    private String algorithm;
    @Column(name = "public_key_pem", nullable = false)
    private String publicKeyPem;
    @Column(nullable = false)
    private String scope;
    @Column(name = "team_id")
    private Long teamId;
    @Column(name = "project_id")
    private Long projectId;
    private String owner;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "successor_id")
    private Long successorId;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revoked_by")
    private String revokedBy;
    @Column(name = "revocation_reason")
    private String revocationReason;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SigningKey() {
    }

    SigningKey(String name, String fingerprint, String algorithm, String publicKeyPem, TrustScope scope, String owner,
            Instant expiresAt, String createdBy, Instant createdAt) {
        this.name = name;
        this.fingerprint = fingerprint;
        this.algorithm = algorithm;
        this.publicKeyPem = publicKeyPem;
        this.scope = scope.kind();
        this.teamId = scope.teamId();
        this.projectId = scope.projectId();
        this.owner = owner;
        this.expiresAt = expiresAt;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    Long teamId() {
        return teamId;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    void revoke(String by, String reason, Instant at) {
        this.revokedAt = at;
        this.revokedBy = by;
        this.revocationReason = reason;
    }

    void succeededBy(long successor) {
        this.successorId = successor;
    }
}
