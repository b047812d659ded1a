package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's prod-eu posts real Velero objects (renamed into the demo's namespaces, times moved to now) through the
 * service its CronJob reaches: payments-api meets its RPO and RTO ("verified restorable"), storefront-web breaches them
 * and says why, and the demo incident "Shells in payments-api pods" has a clean restore point, a backup taken after
 * Keelwatch began watching payments-api and before its first alert, naming the images it brings back with their open
 * critical and high findings and signing status; the shell in its api pod names the image it ran, unsigned.
 */
@SpringBootTest(properties = "keelwatch.demo.enabled=true")
@AutoConfigureMockMvc
class DemoShowsRecoveryReadinessAndACleanRestorePointIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void paymentsApiIsVerifiedRestorableStorefrontWebBreachesAndTheIncidentHasACleanRestorePoint() throws Exception {
        JsonNode payments = namespace("lead", "payments-api");
        assertThat(payments.get("verified").asBoolean()).as(payments.toString()).isTrue();
        assertThat(payments.get("policyScope").asString()).isEqualTo("namespace");
        assertThat(payments.at("/lastRestoreTest/mappedTo").asString()).isEqualTo("payments-api-restore-test");

        JsonNode storefront = namespace("lead", "storefront-web");
        assertThat(storefront.get("breached").asBoolean()).isTrue();
        List<String> reasons = new ArrayList<>();
        storefront.get("reasons").forEach(r -> reasons.add(r.asString()));
        assertThat(reasons).anyMatch(r -> r.startsWith("RPO 24h: newest usable backup storefront-daily-")
                && r.endsWith("31h old — schedule storefront-daily last ran PartiallyFailed"));
        assertThat(reasons).anyMatch(r -> r.startsWith("RTO 1h: restore restore-test-storefront-web took 2h"));

        assertThat(namespace("dev", "payments-api").isMissingNode()).isFalse();
        assertThat(namespace("dev", "storefront-web").isMissingNode()).isTrue();

        JsonNode incidents = json.readTree(mvc.perform(get("/api/v1/incidents").param("cluster", "prod-eu")
                .with(httpBasic("lead", "lead"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        long incident = -1;
        for (JsonNode i : incidents.get("items")) {
            if (i.get("title").asString().equals(DemoDataSeeder.INCIDENT_TITLE)) {
                incident = i.get("id").asLong();
            }
        }
        assertThat(incident).isPositive();
        // the api pod's shell names the image it ran (Falco's container.image.digest): unsigned, linked to its image page
        JsonNode detail = json.readTree(mvc.perform(get("/api/v1/incidents/" + incident).with(httpBasic("lead", "lead")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode apiShell = null;
        for (JsonNode a : detail.get("alerts")) {
            if ("api".equals(a.path("pod").asString(null))) {
                apiShell = a;
            }
        }
        assertThat(apiShell).as(detail.toString()).isNotNull();
        assertThat(apiShell.at("/signing/status").asString()).isEqualTo("missing");
        long shellImage = apiShell.at("/signing/imageId").asLong();
        assertThat(apiShell.get("imageDigest").asString()).isEqualTo(apiShell.at("/signing/digest").asString()).startsWith("sha256:");
        String incidentPage = mvc.perform(get("/incidents/" + incident).with(user("dev").roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(incidentPage).contains("href=\"/images/" + shellImage + "\"").contains("data-status=\"missing\"");
        JsonNode point = json.readTree(mvc.perform(get("/api/v1/recovery/incidents/" + incident + "/clean-restore-point")
                .with(httpBasic("dev", "dev"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get(0);
        assertThat(point.get("namespace").asString()).isEqualTo("payments-api");
        assertThat(point.at("/backup/name").asString()).isEqualTo(DemoRecovery.PRE_DEPLOY);
        assertThat(java.time.OffsetDateTime.parse(point.at("/backup/takenAt").asString()))
                .isBefore(java.time.OffsetDateTime.parse(point.get("firstAlert").asString()));
        // taken once Keelwatch watched payments-api, before its upgrade: it brings back alpine 3.9, critical and unsigned
        assertThat(point.get("imagesKnown").asBoolean()).as(point.toString()).isTrue();
        JsonNode alpine = null;
        for (JsonNode image : point.get("images")) {
            assertThat(image.get("signed").asString()).as(image.toString()).isNotBlank();
            assertThat(image.get("digest").asString("")).as("the upgrade came after the backup").doesNotContain("96176967");
            if (image.get("workload").asString().equals("Pod/api")) {
                alpine = image;
            }
        }
        assertThat(alpine).as("the api pod's image in " + point).isNotNull();
        assertThat(alpine.get("digest").asString()).isEqualTo(
                "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1");
        assertThat(alpine.get("critical").asLong()).as(alpine.toString()).isPositive();
        assertThat(alpine.get("vulnerable").asBoolean()).isTrue();
        assertThat(alpine.get("signed").asString()).isEqualTo("missing");
        assertThat(point.get("images").size()).as("the api pod and the sleep pod's containers").isGreaterThan(1);
        String fragment = mvc.perform(get("/recovery/incidents/" + incident + "/clean-restore-point")
                .with(user("dev").roles("DEVELOPER"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).contains("data-testid=\"clean-images\"").contains("sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1")
                .contains("data-signed=\"missing\"").doesNotContain("data-testid=\"images-unknown\"");
        // the newer backup taken by hand before the alert is being deleted by Velero: shown, not a restore point
        JsonNode deleting = json.readTree(mvc.perform(get("/api/v1/recovery/backups/" + backupId(DemoRecovery.BEING_DELETED))
                .with(httpBasic("lead", "lead"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(deleting.get("deleted").asBoolean()).isTrue();
        assertThat(deleting.get("unusableBecause").asString()).startsWith("being deleted by Velero");

        // the RPO trend: today payments-api meets it and storefront-web breaches it; two weeks ago storefront-web's
        // schedule ran PartiallyFailed, three weeks ago it met it
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(rpoOn(today, "met")).contains("payments-api", "payments-worker").doesNotContain("storefront-web");
        assertThat(rpoOn(today, "breached")).contains("storefront-web");
        assertThat(rpoOn(today.minusDays(12), "breached")).contains("storefront-web");
        assertThat(List.of(rpoOn(today.minusDays(20), "met"), rpoOn(today.minusDays(21), "met")))
                .anyMatch(met -> met.contains("storefront-web"));
        JsonNode history = json.readTree(mvc.perform(get("/api/v1/recovery/rpo-history").param("cluster", "prod-eu")
                .with(httpBasic("lead", "lead"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(history).hasSize(30);

        String dashboard = mvc.perform(get("/").with(user("lead").roles("SECURITY_LEAD"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(dashboard).contains("data-testid=\"recovery-badge\"").contains("verified restorable");
    }

    /** The namespaces of prod-eu that met or breached their RPO on the day, as the lead sees them. */
    private List<String> rpoOn(java.time.LocalDate day, String state) throws Exception {
        JsonNode namespaces = json.readTree(mvc.perform(get("/api/v1/recovery/rpo-history/namespaces").param("cluster", "prod-eu")
                .param("day", day.toString()).param("state", state).with(httpBasic("lead", "lead"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        List<String> names = new ArrayList<>();
        namespaces.forEach(n -> names.add(n.get("namespace").asString()));
        return names;
    }

    private long backupId(String name) {
        return jdbc.sql("select id from recovery_backup where name = :name").param("name", name).query(Long.class).single();
    }

    private JsonNode namespace(String user, String namespace) throws Exception {
        JsonNode all = json.readTree(mvc.perform(get("/api/v1/recovery/readiness").param("cluster", "prod-eu")
                .with(httpBasic(user, user))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        for (JsonNode n : all) {
            if (n.get("namespace").asString().equals(namespace)) {
                return n;
            }
        }
        return json.missingNode();
    }
}
