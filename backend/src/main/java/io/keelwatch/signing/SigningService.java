package io.keelwatch.signing;

import io.keelwatch.access.Viewer;
import io.keelwatch.signing.gate.GatePolicyRequest;
import io.keelwatch.signing.gate.GatePolicyService;
import io.keelwatch.signing.gate.GatePolicySummary.Authorities;
import io.keelwatch.signing.gate.GatePolicySummary.VulnerabilityRules;
import io.keelwatch.signing.signatures.SignatureIngest;
import io.keelwatch.signing.trust.TrustService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * What other modules ask of signing: an image's status (the image page), the statuses of many images at once (recovery's
 * clean restore point), and submitting, trusting and writing gate policies as a caller (the demo).
 */
@Service
public class SigningService {

    private final SignatureIngest signatures;
    private final TrustService trust;
    private final GatePolicyService gatePolicies;

    SigningService(SignatureIngest signatures, TrustService trust, GatePolicyService gatePolicies) {
        this.signatures = signatures;
        this.trust = trust;
        this.gatePolicies = gatePolicies;
    }

    /** The image's signing status in a project the caller sees. */
    public ImageSigningStatus imageStatus(long imageId, String project, Viewer viewer) {
        return signatures.status(imageId, project, viewer);
    }

    /**
     * Each image's best status ({@code verified}, {@code reported}, {@code untrusted_signer}, {@code invalid}) among the
     * projects the caller sees, {@code missing} when none holds a signature of it; one statement for all the images.
     */
    public Map<Long, String> statuses(Collection<Long> imageIds, Viewer viewer) {
        return signatures.statuses(imageIds, viewer);
    }

    /**
     * The best status of each digest Keelwatch knows an image of, among the projects the caller sees ({@code missing} where
     * none holds a signature), with the image whose page shows it; one statement. Unknown digests are left out.
     */
    public List<DigestSigning> statusesOfDigests(Collection<String> digests, Viewer viewer) {
        return signatures.statusesOfDigests(digests, viewer);
    }

    /** Submits a signature as the caller (checked and audited as over the API). */
    public SignatureReceipt submit(SignatureSubmission submission, Viewer actor) {
        return signatures.submit(submission, actor);
    }

    /** Trusts a key as the caller (checked and audited as over the API). */
    public SigningKeySummary trustKey(NewSigningKey key, Viewer actor) {
        return trust.addKey(key, actor);
    }

    /** Creates a gate policy as the caller (checked and audited as over the API); its id. */
    public long createGatePolicy(NewGatePolicy policy, Viewer actor) {
        return gatePolicies.create(new GatePolicyRequest(policy.name(), policy.imagePattern(), policy.environments(), policy.mode(),
                new Authorities(policy.anyTrustedSigner(), List.of(), List.of()), new VulnerabilityRules(policy.maxSeverity(),
                        policy.noFixableCriticalOlderThanDays(), policy.scannedWithinDays())), actor).id();
    }
}
