package io.keelwatch.inventory.environments;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, renaming, reordering and deleting environments (leads and admins: {@link Viewer#mayManageClusters()}),
 * each change audited; everyone reads them. A new environment comes last (most critical) until reordered.
 */
@Service
public class EnvironmentService {

    private final EnvironmentRepository environments;
    private final EnvironmentQueries queries;
    private final AuditLog audit;

    EnvironmentService(EnvironmentRepository environments, EnvironmentQueries queries, AuditLog audit) {
        this.environments = environments;
        this.queries = queries;
        this.audit = audit;
    }

    /** Every environment, from least to most critical. */
    public List<EnvironmentSummary> environments() {
        return queries.all();
    }

    public EnvironmentSummary environment(String name) {
        return queries.byName(name).orElseThrow(() -> notFound(name));
    }

    @Transactional
    public EnvironmentSummary create(EnvironmentName request, Viewer actor) {
        requireManager(actor);
        String name = Labels.checked(request.name(), "An environment name");
        environments.lockOrder();
        if (environments.existsByName(name)) {
            throw taken(name, null);
        }
        Environment environment = new Environment(name, environments.nextRank());
        try {
            environments.saveAndFlush(environment);
        } catch (DataIntegrityViolationException e) {
            throw taken(name, e);
        }
        EnvironmentSummary created = environment(name);
        audit.record(AuditEntry.success(actor.username(), "environment.created", "environment", created.id(), null,
                Map.of("after", Map.of("name", name, "rank", created.rank()))));
        return created;
    }

    @Transactional
    public EnvironmentSummary rename(String name, EnvironmentName request, Viewer actor) {
        requireManager(actor);
        Environment environment = environments.findByName(name).orElseThrow(() -> notFound(name));
        String newName = Labels.checked(request.name(), "An environment name");
        if (newName.equals(name)) {
            return environment(name);
        }
        if (environments.existsByName(newName)) {
            throw taken(newName, null);
        }
        environment.rename(newName);
        try {
            environments.flush();
        } catch (DataIntegrityViolationException e) {
            throw taken(newName, e);
        }
        audit.record(AuditEntry.success(actor.username(), "environment.renamed", "environment", environment.id(), null,
                Map.of("before", Map.of("name", name), "after", Map.of("name", newName))));
        return environment(newName);
    }

    /** Puts the environments into the order given, which names each of them once. */
    @Transactional
    public List<EnvironmentSummary> reorder(EnvironmentOrder request, Viewer actor) {
        requireManager(actor);
        environments.lockOrder();
        List<Environment> current = environments.findAllByOrderByRankAscNameAsc();
        List<String> before = current.stream().map(Environment::name).toList();
        List<String> wanted = request.environments() == null ? List.of() : request.environments();
        if (wanted.size() != before.size() || wanted.stream().anyMatch(Objects::isNull)
                || new HashSet<>(wanted).size() != wanted.size() || !new HashSet<>(wanted).equals(new HashSet<>(before))) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "List every environment exactly once, from least to most "
                    + "critical; they are now: " + String.join(", ", before) + ".");
        }
        for (Environment environment : current) {
            environment.placeAt(wanted.indexOf(environment.name()));
        }
        environments.flush();
        if (!wanted.equals(before)) {
            audit.record(AuditEntry.success(actor.username(), "environment.reordered", "environment", "order", null,
                    Map.of("before", before, "after", wanted)));
        }
        return queries.all();
    }

    /** Deletes an environment no cluster runs in. */
    @Transactional
    public void delete(String name, Viewer actor) {
        requireManager(actor);
        Environment environment = environments.findByName(name).orElseThrow(() -> notFound(name));
        List<String> clusters = queries.clusterNames(environment.id());
        if (!clusters.isEmpty()) {
            throw inUse(name, clusters);
        }
        try {
            environments.delete(environment);
            environments.flush();
        } catch (DataIntegrityViolationException e) {
            throw new KeelwatchException(InventoryProblem.ENVIRONMENT_IN_USE, "A cluster was just added to environment '" + name
                    + "'. Move it to another environment or delete it first.", e);
        }
        audit.record(AuditEntry.success(actor.username(), "environment.deleted", "environment", environment.id(), null,
                Map.of("before", Map.of("name", name))));
    }

    private static void requireManager(Viewer actor) {
        if (!actor.mayManageClusters()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only leads and admins change environments.");
        }
    }

    private static KeelwatchException notFound(String name) {
        return KeelwatchException.notFound("Environment '" + name + "'");
    }

    private static KeelwatchException taken(String name, Throwable cause) {
        return new KeelwatchException(CommonProblem.CONFLICT, "An environment '" + name + "' already exists.", cause);
    }

    private static KeelwatchException inUse(String name, List<String> clusters) {
        return new KeelwatchException(InventoryProblem.ENVIRONMENT_IN_USE, "Environment '" + name + "' still has clusters: "
                + String.join(", ", clusters) + ". Move them to another environment or delete them first.");
    }
}
