package io.keelwatch.access;

import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts and teams. The methods taking an actor are the administration API: admins only,
 * every change audited. The others seed an evaluation install and tests.
 */
@Service
public class AccessService {

    private static final String SYSTEM_ACTOR = "system";

    private final UserAccounts accounts;
    private final Teams teams;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final UserSessions sessions;

    AccessService(UserAccounts accounts, Teams teams, PasswordEncoder passwordEncoder, AuditLog audit, UserSessions sessions) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.teams = teams;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
    }

    /**
     * Keelwatch itself as the caller of services (evaluation data today): the {@code system} account,
     * which no one signs in as (it has no password), so the audit log credits what it does to no person.
     */
    @Transactional
    public Viewer systemViewer() {
        UserAccounts.Account system = accounts.systemAdmin(SYSTEM_ACTOR, "Keelwatch system");
        return new Viewer(system.id(), system.username(), system.role(), Set.of());
    }

    @Transactional
    public TeamSummary createTeam(NewTeam request, Viewer actor) {
        requireAdministrator(actor);
        if (teams.findBySlug(request.slug()).isPresent()) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "A team '" + request.slug() + "' already exists.");
        }
        TeamSummary team;
        try {
            team = createTeam(request.slug(), request.name().strip());
        } catch (DuplicateKeyException e) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "A team '" + request.slug() + "' already exists.", e);
        }
        audit.record(AuditEntry.success(actor.username(), "team.created", "team", team.id(), team.id(),
                Map.of("after", Map.of("slug", team.slug(), "name", team.name()))));
        return team;
    }

    public Page<TeamSummary> teams(PageRequest page, Viewer actor) {
        requireAdministrator(actor);
        return new Page<>(teams.page(page), page.page(), page.size(), teams.count());
    }

    @Transactional
    public UserSummary createUser(NewUser request, Viewer actor) {
        requireAdministrator(actor);
        if (accounts.findByUsername(request.username()).isPresent()) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "A user '" + request.username() + "' already exists.");
        }
        Set<Long> teamIds = teamIds(request.teams() == null ? List.of() : request.teams());
        long id;
        try {
            id = accounts.insert(request.username(), request.displayName().strip(), blankToNull(request.email()),
                    passwordEncoder.encode(request.password()), request.role());
        } catch (DuplicateKeyException e) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "A user '" + request.username() + "' already exists.", e);
        }
        accounts.replaceMemberships(id, teamIds);
        UserSummary user = accounts.summary(id).orElseThrow();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("username", user.username());
        after.put("role", user.role().name());
        after.put("teams", user.teams());
        audit.record(AuditEntry.success(actor.username(), "user.created", "user", id, null, Map.of("after", after)));
        return user;
    }

    public Page<UserSummary> users(PageRequest page, Viewer actor) {
        requireAdministrator(actor);
        return new Page<>(accounts.page(page), page.page(), page.size(), accounts.count());
    }

    /** Makes the user a member of exactly these teams; takes effect on their (and their tokens') next request. */
    @Transactional
    public UserSummary assignTeams(long userId, TeamAssignment request, Viewer actor) {
        requireAdministrator(actor);
        UserSummary before = accounts.summary(userId).orElseThrow(() -> KeelwatchException.notFound("User " + userId));
        accounts.replaceMemberships(userId, teamIds(request.teams()));
        UserSummary after = accounts.summary(userId).orElseThrow();
        if (!before.teams().equals(after.teams())) {
            audit.record(AuditEntry.success(actor.username(), "user.teams-changed", "user", userId, null,
                    Map.of("username", after.username(), "before", Map.of("teams", before.teams()),
                            "after", Map.of("teams", after.teams()))));
        }
        return after;
    }

    /**
     * Changes an account's role or disables (enables) it; its browser sessions end, its API tokens
     * follow on their next request (they never exceed their owner, and a disabled owner's are refused).
     */
    @Transactional
    public UserSummary changeAccount(long userId, AccountChange change, Viewer actor) {
        requireAdministrator(actor);
        UserSummary before = accounts.summary(userId).orElseThrow(() -> KeelwatchException.notFound("User " + userId));
        Role role = change.role() == null ? before.role() : change.role();
        boolean enabled = change.enabled() == null ? before.enabled() : change.enabled();
        if (role == before.role() && enabled == before.enabled()) {
            return before;
        }
        if (userId == actor.userId()) {
            throw new KeelwatchException(CommonProblem.CONFLICT,
                    "You cannot change or disable your own account; another administrator can.");
        }
        if (role != before.role() && accounts.isExternal(userId)) {
            throw new KeelwatchException(CommonProblem.CONFLICT, before.username() + " signs in through the identity "
                    + "provider, which sets the role at every sign-in: change it there (it may still be disabled here).");
        }
        accounts.change(userId, role, enabled);
        int ended = sessions.endAllOf(before.username());
        audit.record(AuditEntry.success(actor.username(), "user.changed", "user", userId, null, Map.of(
                "username", before.username(),
                "before", Map.of("role", before.role().name(), "enabled", before.enabled()),
                "after", Map.of("role", role.name(), "enabled", enabled),
                "sessionsEnded", ended)));
        return accounts.summary(userId).orElseThrow();
    }

    public Optional<UserSummary> user(String username) {
        return accounts.findByUsername(username).flatMap(account -> accounts.summary(account.id()));
    }

    /** People who can see a team's records, e.g. those a finding of the team may be assigned to. */
    /** People who see a team's records (null: records of no team, which those who see every team see). */
    public List<UserRef> usersSeeingTeam(Long teamId) {
        return accounts.seeingTeam(teamId);
    }

    /**
     * Creates a local ADMIN if nobody can sign in yet (no account with a password or an identity
     * provider's subject: the bootstrap token's system account does not count); false, changing
     * nothing, once anyone can. Replicas starting together create one.
     */
    @Transactional
    public boolean createInitialAdministrator(String username, String password) {
        Optional<Long> created = accounts.insertFirstAdmin(username, passwordEncoder.encode(password));
        created.ifPresent(id -> audit.record(new AuditEntry(SYSTEM_ACTOR, AuditEntry.ActorType.system, "user.created", "user",
                String.valueOf(id), null, AuditEntry.Outcome.success,
                Map.of("after", Map.of("username", username, "role", Role.ADMIN.name()), "by", "KEELWATCH_INITIAL_ADMIN_USERNAME"))));
        return created.isPresent();
    }

    @Transactional
    public TeamSummary createTeam(String slug, String name) {
        return new TeamSummary(teams.insert(slug, name), slug, name);
    }

    @Transactional
    public long createLocalUser(String username, String displayName, String password, Role role, List<Long> teamIds) {
        long id = accounts.insert(username, displayName, null, passwordEncoder.encode(password), role);
        teamIds.forEach(team -> accounts.addMembership(team, id));
        return id;
    }

    public Optional<TeamSummary> team(String slug) {
        return teams.findBySlug(slug);
    }

    public List<TeamSummary> visibleTeams(Viewer viewer) {
        return teams.visibleTo(viewer);
    }

    public boolean hasAnyTeam() {
        return teams.any();
    }

    public boolean hasUser(String username) {
        return accounts.findByUsername(username).isPresent();
    }

    private Set<Long> teamIds(Collection<String> slugs) {
        Set<String> wanted = slugs.stream().map(String::strip).collect(Collectors.toCollection(LinkedHashSet::new));
        List<TeamSummary> found = teams.findBySlugs(wanted);
        Set<String> missing = new LinkedHashSet<>(wanted);
        found.forEach(t -> missing.remove(t.slug()));
        if (!missing.isEmpty()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "No such team(s): " + String.join(", ", missing) + ".");
        }
        return found.stream().map(TeamSummary::id).collect(Collectors.toSet());
    }

    private static void requireAdministrator(Viewer actor) {
        if (!actor.isAdministrator()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins manage users and teams.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
