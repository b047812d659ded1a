package io.keelwatch.recovery;

import io.keelwatch.access.Viewer;
import io.keelwatch.recovery.ingest.RecoveryIngest;
import io.keelwatch.recovery.policies.PolicyService;
import io.keelwatch.recovery.readiness.ReadinessService;
import java.io.InputStream;
import org.springframework.stereotype.Service;

/**
 * What other modules ask of recovery: the demo posts a cluster's Velero objects and sets policies through it, exactly
 * as the API does (checked and audited as the caller); the dashboard reads the readiness summary.
 */
@Service
public class RecoveryService {

    private final RecoveryIngest ingest;
    private final PolicyService policies;
    private final ReadinessService readiness;

    RecoveryService(RecoveryIngest ingest, PolicyService policies, ReadinessService readiness) {
        this.ingest = ingest;
        this.policies = policies;
        this.readiness = readiness;
    }

    /** Records a cluster's Velero objects (a List or one object, JSON or YAML) as the caller. */
    public RecoveryReport report(String cluster, InputStream document, String contentType, Viewer actor) {
        return ingest.report(cluster, document, -1, contentType, null, actor);
    }

    /** Sets the recovery policy of a cluster, a namespace or a project as the caller (a lead or an admin; audited). */
    public void setPolicy(NewRecoveryPolicy policy, Viewer actor) {
        policies.set(policy, actor);
    }

    /** How ready the namespaces the caller sees are, counted. */
    public ReadinessSummary summary(Viewer viewer) {
        return readiness.summary(viewer);
    }
}
