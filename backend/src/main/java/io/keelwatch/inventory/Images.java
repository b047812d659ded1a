package io.keelwatch.inventory;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Images {

    private final JdbcClient jdbc;

    Images(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ImageRef upsert(ArtifactIdentity artifact, Instant seenAt) {
        ImageRef image = jdbc.sql("""
                insert into image (repository, digest, artifact_type, os_family, os_name, first_seen, last_seen)
                values (:repository, :digest, :type, :osFamily, :osName, :seen, :seen)
                on conflict (repository, digest) do update
                    set last_seen = greatest(image.last_seen, excluded.last_seen),
                        os_family = coalesce(excluded.os_family, image.os_family),
                        os_name = coalesce(excluded.os_name, image.os_name)
                returning id, repository, digest
                """)
                .param("repository", artifact.repository())
                .param("digest", artifact.digest())
                .param("type", artifact.artifactType())
                .param("osFamily", artifact.osFamily())
                .param("osName", artifact.osName())
                .param("seen", Timestamp.from(seenAt))
                .query(ImageRef.class)
                .single();
        if (!artifact.tags().isEmpty()) {
            jdbc.sql("""
                    insert into image_tag_observation (image_id, tag, first_seen, last_seen)
                    select :image, tag, :seen, :seen from unnest(cast(:tags as text[])) as tag
                    on conflict (image_id, tag) do update set last_seen = greatest(image_tag_observation.last_seen, excluded.last_seen)
                    """)
                    .param("image", image.id())
                    .param("seen", Timestamp.from(seenAt))
                    .param("tags", artifact.tags().toArray(String[]::new))
                    .update();
        }
        return image;
    }

    /** The image's newest scan time moves forward only (an older report imported later changes nothing). */
    void scanned(long imageId, Instant scannedAt) {
        jdbc.sql("update image set last_scanned_at = greatest(last_scanned_at, :at) where id = :id")
                .param("at", Timestamp.from(scannedAt))
                .param("id", imageId)
                .update();
    }
}
