package io.keelwatch.access;

import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and teams, for administration and for seeding an evaluation install. */
@Service
public class AccessService {

    private final UserAccounts accounts;
    private final Teams teams;
    private final PasswordEncoder passwordEncoder;

    AccessService(UserAccounts accounts, Teams teams, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.teams = teams;
        this.passwordEncoder = passwordEncoder;
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
}
