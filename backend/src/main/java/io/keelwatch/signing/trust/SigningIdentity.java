package io.keelwatch.signing.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A trusted keyless identity (issuer + subject, exact or a regular expression) as people change it. */
@Entity
@Table(name = "signing_identity")
class SigningIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String issuer;
    @Column(nullable = false)
    private String subject;
    @Column(name = "subject_regex", nullable = false)
    private boolean subjectRegex;
    @Column(nullable = false)
    private String scope;
    @Column(name = "team_id")
    private Long teamId;
    @Column(name = "project_id")
    private Long projectId;
    private String owner;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revoked_by")
    private String revokedBy;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SigningIdentity() {
    }

    SigningIdentity(String issuer, String subject, boolean subjectRegex, TrustScope scope, String owner, Instant expiresAt,
            String createdBy, Instant createdAt) {
        this.issuer = issuer;
        this.subject = subject;
        this.subjectRegex = subjectRegex;
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

    void revoke(String by, Instant at) {
        this.revokedAt = at;
        this.revokedBy = by;
    }
}
