package io.keelwatch.signing.gate;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.NewApiToken;
import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.Scope;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.ingest.EventRetention;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What a Prometheus job scrapes: with a token of scope {@code metrics:read}, {@code /actuator/prometheus} shows each
 * metric operators watch — imports and the findings they brought, imports in progress and import work waiting for a
 * worker, runtime events stored and refused, the writer's queue, gate decisions with their latency, scheduled job
 * runs — once something happened; without the scope, or without credentials, it shows nothing.
 */
@KeelwatchIntegrationTest
class PrometheusScrapeShowsEveryOperationalMetricIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    EventRetention retention;

    @Test
    void aMetricsTokenScrapesImportsIngestGateDecisionsAndJobRuns() throws Exception {
        new ScanUploads(mvc).upload(TestWorld.ALICE, world.alphaProject().slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        String environment = "metrics-" + System.nanoTime();
        String cluster = inventory.createCluster(environment, inventory.createEnvironment(environment, world.admin()).name(), null,
                world.admin()).name();
        String falco = tokens.create(new NewApiToken("falco", TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                world.admin()).secret();
        mvc.perform(post("/api/v1/alerts/falco").with(bearer(falco)).contentType(MediaType.APPLICATION_JSON)
                .content(Fixtures.bytes("falco/falcosidekick__README-curl-payload.json"))).andExpect(status().isOk());
        new GateCalls(mvc).decide(TestWorld.ALICE, "registry.example/metrics@sha256:" + "a".repeat(64), environment);
        retention.run(Instant.now());
        String scraper = world.token(TestWorld.LEAD, null, Scope.METRICS_READ);
        String reader = world.token(TestWorld.LEAD, null, Scope.READ);

        String metrics = mvc.perform(get("/actuator/prometheus").with(bearer(scraper))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        mvc.perform(get("/actuator/prometheus").with(bearer(reader))).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").with(bearer(world.token(TestWorld.ALICE, null, Scope.READ))))
                .andExpect(status().isForbidden());

        assertThat(metrics).contains("keelwatch_imports_seconds_count{outcome=\"imported\"",
                "\nkeelwatch_imports_in_progress ", "\nkeelwatch_imports_waiting ",
                "keelwatch_findings_imported_total{format=\"trivy\"", "keelwatch_runtime_ingest_stored_total",
                "keelwatch_runtime_ingest_refused_total", "keelwatch_runtime_ingest_queue",
                "keelwatch_gate_decisions_seconds_count{decision=\"allow\"",
                "keelwatch_jobs_runs_seconds_count{job=\"runtime-retention\",outcome=\"ran\"");
    }
}
