package io.keelwatch.signing.gate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A gate policy as leads edit it; decisions read policies with {@link GateQueries}. */
@Entity
@Table(name = "gate_policy")
class GatePolicy {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "image_pattern", nullable = false)
    private String imagePattern;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private String[] environments;

    @Column(nullable = false)
    private String mode;

    @Column(name = "any_trusted_signer", nullable = false)
    private boolean anyTrustedSigner;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "key_ids", nullable = false)
    private Long[] keyIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "identity_ids", nullable = false)
    private Long[] identityIds;

    @Column(name = "max_severity")
    private String maxSeverity;

    @Column(name = "fixable_critical_max_days")
    private Integer fixableCriticalMaxDays;

    @Column(name = "scanned_within_days")
    private Integer scannedWithinDays;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected GatePolicy() {
    }

    GatePolicy(GatePolicyTerms terms, String createdBy, OffsetDateTime now) {
        this.createdBy = createdBy;
        this.createdAt = now;
        apply(terms, now);
    }

    /** Replaces every term (a PUT: what the lead sends is the whole policy). */
    void apply(GatePolicyTerms terms, OffsetDateTime now) {
        this.name = terms.name();
        this.imagePattern = terms.imagePattern();
        this.environments = terms.environments().toArray(String[]::new);
        this.mode = terms.mode();
        this.anyTrustedSigner = terms.anyTrustedSigner();
        this.keyIds = terms.keyIds().toArray(Long[]::new);
        this.identityIds = terms.identityIds().toArray(Long[]::new);
        this.maxSeverity = terms.maxSeverity();
        this.fixableCriticalMaxDays = terms.noFixableCriticalOlderThanDays();
        this.scannedWithinDays = terms.scannedWithinDays();
        this.updatedAt = now;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    GatePolicyTerms terms() {
        return new GatePolicyTerms(name, imagePattern, java.util.List.of(environments), mode, anyTrustedSigner,
                java.util.List.of(keyIds), java.util.List.of(identityIds), maxSeverity, fixableCriticalMaxDays, scannedWithinDays);
    }

    GatePolicySummary summary() {
        return GatePolicySummary.of(id, terms(), createdBy, createdAt, updatedAt);
    }
}
