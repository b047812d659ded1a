package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Scope;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generative: every real report fixture that {@code POST /api/v1/scans} accepts, mutated with a
 * fixed seed ({@link ReportMutations}: keys given twice, wrong JSON types, numbers beyond any score,
 * NUL and control characters, text past every limit, bytes that are not UTF-8, truncation every
 * kilobyte, plain and gzip). Each mutation goes to a new project of a team of the test's own and must
 * be imported whole or refused with a problem — never a 5xx, never half written: a refused upload
 * leaves the project's scans, changes and findings, the team's catalog and the unreferenced images as
 * they were; an accepted one has every scan and finding its answer counts, and a catalog row for each
 * vulnerability its findings cite.
 *
 * <p>Bounded: every truncation of a fixture (plain and gzip, up to eleven) and {@value #PER_FIXTURE}
 * other mutations, sampled deterministically over every other category
 * ({@code -Dkeelwatch.mutations.per-fixture=} and {@code -Dkeelwatch.mutations.seed=} change them
 * for a longer hunt). A failure names the fixture, the category and the mutation.
 */
@KeelwatchIntegrationTest
class MutatedReportsAreImportedWholeOrNotAtAllIT {

    private static final int PER_FIXTURE = Integer.getInteger("keelwatch.mutations.per-fixture", 10);
    private static final long SEED = Long.getLong("keelwatch.mutations.seed", 20_260_904L);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger PROJECTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;
    @Autowired
    InventoryService inventory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMutationOfEveryAcceptedFixtureIsImportedWholeOrRefusedWithAProblem() throws Exception {
        world.alpha(); // the lead exists
        TeamSummary team = access.team("mutants").orElseGet(() -> access.createTeam("mutants", "Mutants"));
        // a token, not a password: bcrypt on each of hundreds of uploads would be most of the run time
        token = world.token(TestWorld.LEAD, team.slug(), Scope.SCANS_WRITE);
        List<String> failures = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        int uploads = 0;
        long started = System.nanoTime();

        for (String fixture : fixtures()) {
            byte[] original = Fixtures.bytes(fixture);
            Outcome baseline = upload(team, fixture + ": as it is", original, failures);
            if (baseline.status / 100 != 2) {
                continue; // not a scan report (OpenVEX, a cluster report without digests, a KBOM): nothing to mutate
            }
            accepted.add(fixture);
            for (ReportMutations.Mutation mutation : new ReportMutations(fixture, original, SEED).sample(PER_FIXTURE)) {
                upload(team, mutation.toString(), mutation.body(), failures);
                uploads++;
            }
        }

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%d mutations of %d fixtures in %s%n", uploads, accepted.size(), took);
        assertThat(accepted).as("fixtures of every format are mutated").hasSizeGreaterThanOrEqualTo(20)
                .anyMatch(f -> f.startsWith("grype/")).anyMatch(f -> f.startsWith("sarif/"))
                .anyMatch(f -> f.startsWith("cyclonedx-vex/")).anyMatch(f -> f.contains("k8s"));
        assertThat(failures).as("mutations answered with a 5xx or written in part").isEmpty();
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    private record Outcome(int status) {
    }

    /** Uploads into a new project and checks the answer and what the database holds afterwards. */
    private Outcome upload(TeamSummary team, String what, byte[] body, List<String> failures) throws Exception {
        ProjectRef project = inventory.createProject(team.id(), "mutant-" + PROJECTS.incrementAndGet(), "Mutant", "tier3");
        String catalogBefore = catalog(team);
        long orphansBefore = orphanImages();
        HttpResponse<String> response = post(project, body);
        int status = response.statusCode();
        String answer = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("none");
        if (status >= 500) {
            failures.add(what + " → " + status + " " + abbreviate(answer));
        } else if (status >= 400) {
            if (!contentType.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
                failures.add(what + " → " + status + " is not problem details: " + contentType);
            }
            long rows = projectRows(project);
            if (rows != 0 || !catalog(team).equals(catalogBefore) || orphanImages() != orphansBefore) {
                failures.add(what + " → refused with " + status + " but wrote " + rows + " rows of the project, "
                        + (catalog(team).equals(catalogBefore) ? "" : "changed the catalog, ")
                        + (orphanImages() - orphansBefore) + " unreferenced images");
            }
        } else {
            String incomplete = incomplete(project, team, JSON.readTree(answer));
            if (incomplete != null) {
                failures.add(what + " → " + status + " but " + incomplete);
            }
        }
        return new Outcome(status);
    }

    /** The upload over real HTTP, as CI sends it: the report as the body, the token as a bearer. */
    private HttpResponse<String> post(ProjectRef project, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/scans?project=" + project.slug()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What an accepted import lacks of what its answer says it wrote, or null when it is whole. */
    private String incomplete(ProjectRef project, TeamSummary team, JsonNode answer) {
        List<JsonNode> images = new ArrayList<>();
        if (answer.has("images")) {
            answer.get("images").forEach(images::add);
        } else {
            images.add(answer);
        }
        long scans = jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                .query(Long.class).single();
        // a cluster report is stored once, with its first scan; the others point at it
        long stored = jdbc.sql("select count(*) from scan where project_id = :p and report_gzip is not null")
                .param("p", project.id()).query(Long.class).single();
        long findings = jdbc.sql("select count(*) from finding where project_id = :p").param("p", project.id())
                .query(Long.class).single();
        long counted = images.stream().mapToLong(image -> image.get("findings").get("total").asLong()).sum();
        long uncataloged = jdbc.sql("""
                select count(*) from finding f
                where f.project_id = :p and f.vulnerability_id is not null
                  and not exists (select 1 from vulnerability v where v.team_id = :t and v.id = f.vulnerability_id)
                """).param("p", project.id()).param("t", team.id()).query(Long.class).single();
        if (scans != images.size() || stored != 1 || findings != counted || uncataloged != 0) {
            return "the answer counts " + images.size() + " scans and " + counted + " findings, the database holds "
                    + scans + " scans (" + stored + " with the report), " + findings + " findings, " + uncataloged
                    + " findings citing no catalog row";
        }
        return null;
    }

    /** The project's scans, their changes and its findings. */
    private long projectRows(ProjectRef project) {
        return jdbc.sql("""
                select (select count(*) from scan where project_id = :p)
                     + (select count(*) from scan_change c join scan s on s.id = c.scan_id where s.project_id = :p)
                     + (select count(*) from finding where project_id = :p)
                """).param("p", project.id()).query(Long.class).single();
    }

    /** The team's catalog as a digest of every row's id and content: a refused import changes none of it. */
    private String catalog(TeamSummary team) {
        return jdbc.sql("""
                select count(*) || ':' || coalesce(md5(string_agg(id || '|' || coalesce(content_hash, '')
                       || '|' || coalesce(title, '') || '|' || coalesce(cvss_score::text, '') || '|' || updated_at::text, ',' order by id)), '')
                from vulnerability where team_id = :t
                """).param("t", team.id()).query(String.class).single();
    }

    /** Images no scan names: an import registers its image in its own transaction, so only a half-kept import leaves one. */
    private long orphanImages() {
        return jdbc.sql("select count(*) from image i where not exists (select 1 from scan s where s.image_id = i.id)")
                .query(Long.class).single();
    }

    /** Every fixture the manifest lists, in its order. */
    private static List<String> fixtures() {
        return Fixtures.text("MANIFEST.tsv").lines().skip(1).map(line -> line.split("\t")[1]).toList();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
