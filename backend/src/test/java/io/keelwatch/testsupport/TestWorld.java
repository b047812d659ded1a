package io.keelwatch.testsupport;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.CreatedApiToken;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.access.Role;
import io.keelwatch.access.Scope;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.access.UserSummary;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestComponent;

/**
 * People and projects for tests. Two teams, each with a developer; a lead, an auditor and an admin
 * who see everything. Tests ask for fresh projects so they never see each other's findings.
 */
@TestComponent
public class TestWorld {

    public static final String PASSWORD = "test-password-1";
    public static final String LEAD = "lead";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";
    /** Developer in team alpha. */
    public static final String ALICE = "alice";
    /** Developer in team beta. */
    public static final String BOB = "bob";

    private final AccessService access;
    private final InventoryService inventory;
    private final ApiTokenService tokens;
    private final AtomicInteger sequence = new AtomicInteger();
    private TeamSummary alpha;
    private TeamSummary beta;

    TestWorld(AccessService access, InventoryService inventory, ApiTokenService tokens) {
        this.access = access;
        this.inventory = inventory;
        this.tokens = tokens;
    }

    public synchronized TeamSummary alpha() {
        ensure();
        return alpha;
    }

    public synchronized TeamSummary beta() {
        ensure();
        return beta;
    }

    /** A new project of team alpha (alice's team). */
    public ProjectRef alphaProject() {
        return project(alpha());
    }

    /** A new project of team beta (bob's team). */
    public ProjectRef betaProject() {
        return project(beta());
    }

    /**
     * The secret of a new API token of {@code owner}, made by the admin: limited to the team with
     * slug {@code team} (null: all the owner's teams), with these scopes, never expiring.
     */
    public String token(String owner, String team, Scope... scopes) {
        return createToken(owner, team, scopes).secret();
    }

    /** As {@link #token}, with the created token's summary (id, prefix) too. */
    public CreatedApiToken createToken(String owner, String team, Scope... scopes) {
        ensure();
        List<String> values = Arrays.stream(scopes).map(Scope::value).toList();
        return tokens.create(new NewApiToken("test token " + sequence.incrementAndGet(), owner, team, values, null), admin());
    }

    /**
     * The name of a new cluster, {@code prefix-<random hex>}, in a new environment of the same name, made by the admin:
     * a test's own, whatever other tests sharing the database made.
     */
    public String newCluster(String prefix) {
        String name = prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        inventory.createEnvironment(name, admin());
        return inventory.createCluster(name, name, null, admin()).name();
    }

    /** The admin, as services see them when acting in person. */
    public Viewer admin() {
        ensure();
        UserSummary admin = access.user(ADMIN).orElseThrow();
        return new Viewer(admin.id(), admin.username(), admin.role(), Set.of());
    }

    private ProjectRef project(TeamSummary team) {
        String slug = team.slug() + "-app-" + sequence.incrementAndGet();
        return inventory.createProject(team.id(), slug, "App " + slug, "tier2");
    }

    private void ensure() {
        if (alpha != null) {
            return;
        }
        alpha = access.team("alpha").orElseGet(() -> access.createTeam("alpha", "Alpha"));
        beta = access.team("beta").orElseGet(() -> access.createTeam("beta", "Beta"));
        if (access.hasUser(LEAD)) {
            return;
        }
        access.createLocalUser(LEAD, "Lead", PASSWORD, Role.SECURITY_LEAD, List.of());
        access.createLocalUser(AUDITOR, "Auditor", PASSWORD, Role.AUDITOR, List.of());
        access.createLocalUser(ADMIN, "Admin", PASSWORD, Role.ADMIN, List.of());
        access.createLocalUser(ALICE, "Alice", PASSWORD, Role.DEVELOPER, List.of(alpha.id()));
        access.createLocalUser(BOB, "Bob", PASSWORD, Role.DEVELOPER, List.of(beta.id()));
    }
}
