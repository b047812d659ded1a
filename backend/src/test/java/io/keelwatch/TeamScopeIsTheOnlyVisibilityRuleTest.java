package io.keelwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every read of every module decides what a caller may see through {@link TeamScope}, the one
 * visibility rule; a query that filters by the caller's teams any other way fails the build.
 */
class TeamScopeIsTheOnlyVisibilityRuleTest {

    /** The shapes a hand-written team filter takes in SQL: the scope's parameters, or a team column matched against a list. */
    private static final Pattern TEAM_FILTER = Pattern.compile(
            ":allTeams|:teamIds|team_id\\s*=\\s*any\\s*\\(|team_id\\s+in\\s*\\(", Pattern.CASE_INSENSITIVE);

    /** Statements that match the shape but decide nobody's visibility (file → why). */
    private static final Map<String, String> NOT_VISIBILITY = Map.of(
            "access/UserAccounts.java", "replaces a user's memberships (a write of team_membership, not a read filter)");

    private static final Path SOURCES = Path.of("src/main/java/io/keelwatch");

    @Test
    void noQueryFiltersByTeamsExceptThroughTeamScope() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                if (name.equals("access/TeamScope.java") || NOT_VISIBILITY.containsKey(name)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (TEAM_FILTER.matcher(lines.get(i)).find()) {
                        offenders.add(name + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).as("team filters written by hand; use TeamScope.of(viewer).covers(…) / TeamScope.PROJECTS").isEmpty();
    }

    @Test
    void onlyTeamScopeTurnsAViewersTeamsIntoQueryParameters() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.keelwatch");
        noClasses().that().doNotBelongToAnyOf(TeamScope.class, Viewer.class)
                .should().callMethod(Viewer.class, "teamIds")
                .because("a caller's teams reach SQL only through TeamScope, the one visibility rule")
                .check(classes);
    }
}
