package io.keelwatch.signing.gate;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The CI door: checks what was asked (a 400 for what is not an image or an environment) and who may know the answer. */
@Component
class GateRequests {

    private final GateService gate;
    private final GateQueries queries;
    private final InventoryService inventory;

    GateRequests(GateService gate, GateQueries queries, InventoryService inventory) {
        this.gate = gate;
        this.queries = queries;
        this.inventory = inventory;
    }

    GateDecision decideForCi(String reference, String environment, Viewer viewer) {
        GateImage image = GateImage.parse(reference).filter(GateImage::pinned).orElseThrow(() -> new KeelwatchException(
                CommonProblem.INVALID_REQUEST, "image is repository@sha256:<64 hex> (a tag may come before the digest), "
                + "e.g. registry.example/shop/web:1.4@sha256:…"));
        String env = environment == null ? "" : environment.strip();
        List<String> environments = inventory.environments().stream().map(EnvironmentSummary::name).toList();
        if (!environments.contains(env)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "environment is one of: " + String.join(", ", environments) + ".");
        }
        requireVisible(image, viewer);
        return gate.decide(List.of(image), env);
    }

    /**
     * An image whose records (scans, findings, signatures) all belong to teams the caller does not see is missing to
     * them, as every other read of another team's record; an image nobody recorded is decided for anyone.
     */
    private void requireVisible(GateImage image, Viewer viewer) {
        if (viewer.allTeams()) {
            return;
        }
        GateQueries.Evidence known = queries.evidence(List.of(image)).get(image.repository() + "@" + image.digest());
        if (known == null) {
            return;
        }
        Set<Long> owners = queries.projectsOf(List.of(known.imageId()));
        Set<Long> visible = inventory.visibleProjects(viewer).stream().map(ProjectRef::id).collect(Collectors.toSet());
        if (!owners.isEmpty() && owners.stream().noneMatch(visible::contains)) {
            throw KeelwatchException.notFound("The image");
        }
    }
}
