package io.keelwatch.signing.signatures;

import io.keelwatch.signing.signatures.FormatVerifier.Checked;
import io.keelwatch.signing.signatures.FormatVerifier.SignatureMaterial;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes of {@code image_signature}: a submission (the same material again re-decides its row), and verdicts of re-verification. */
@Repository
class SignatureRecords {

    private final JdbcClient jdbc;

    SignatureRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long upsert(long projectId, long imageId, SignatureMaterial material, String materialSha256, String status, Checked checked,
            String signer, List<String> reasons, Instant now, String by) {
        return jdbc.sql("""
                insert into image_signature (project_id, image_id, format, payload, signature, public_key_pem, certificate, bundle,
                       media_type, material_sha256, status, key_id, identity_id, signer, reasons, signed_at, verified_at, submitted_by, submitted_at)
                values (:project, :image, :format, :payload, :signature, :publicKey, :certificate, :bundle, :mediaType, :sha256, :status, :key, :identity,
                       :signer, :reasons, :signedAt, :now, :by, :now)
                on conflict (project_id, image_id, material_sha256) do update
                   set status = excluded.status, key_id = excluded.key_id, identity_id = excluded.identity_id,
                       signer = excluded.signer, reasons = excluded.reasons, signed_at = excluded.signed_at,
                       verified_at = excluded.verified_at, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at
                returning id
                """)
                .param("project", projectId)
                .param("image", imageId)
                .param("format", material.format().value())
                .param("payload", material.payload())
                .param("signature", material.signature())
                .param("publicKey", material.publicKey())
                .param("certificate", material.certificate())
                .param("bundle", material.bundle())
                .param("mediaType", material.mediaType())
                .param("sha256", materialSha256)
                .param("status", status)
                .param("key", checked == null ? null : checked.keyId())
                .param("identity", checked == null ? null : checked.identityId())
                .param("signer", signer)
                .param("reasons", reasons.toArray(String[]::new))
                .param("signedAt", checked == null || checked.verification().signedAt() == null ? null
                        : Timestamp.from(checked.verification().signedAt()))
                .param("now", Timestamp.from(now))
                .param("by", by)
                .query(Long.class)
                .single();
    }

    /** One verdict per signature, in one statement. */
    void decide(List<Long> ids, List<String> statuses, List<Long> keyIds, List<Long> identityIds, List<String> signers,
            List<String> reasons, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update image_signature s
                   set status = v.status, key_id = v.key_id, identity_id = v.identity_id, signer = v.signer,
                       reasons = case when v.reasons = '' then '{}'::text[] else string_to_array(v.reasons, chr(30)) end,
                       verified_at = :now
                  from unnest(cast(:ids as bigint[]), cast(:statuses as text[]), cast(:keys as bigint[]), cast(:identities as bigint[]),
                              cast(:signers as text[]), cast(:reasons as text[])) as v(id, status, key_id, identity_id, signer, reasons)
                 where s.id = v.id
                """)
                .param("ids", ids.toArray(Long[]::new))
                .param("statuses", statuses.toArray(String[]::new))
                .param("keys", keyIds.toArray(Long[]::new))
                .param("identities", identityIds.toArray(Long[]::new))
                .param("signers", signers.toArray(String[]::new))
                .param("reasons", reasons.toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .update();
    }
}
