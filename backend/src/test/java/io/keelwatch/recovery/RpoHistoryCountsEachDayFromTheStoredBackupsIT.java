package io.keelwatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.SafeYaml;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RPO history is derived from the backups Keelwatch holds, per UTC day measured at its end: a week of a cluster's
 * backups, built from the real PartiallyFailed sample (as Velero would have finished it, or as it did), counts each
 * namespace as meeting its 24h RPO only on days when a backup usable then was taken within 24h — not after a
 * PartiallyFailed one, not once a backup is deleted ({@code metadata.deletionTimestamp}) or expired. Each caller counts
 * the namespaces they see; a day's bar lists exactly what it counts; bad input is a problem, never a 500.
 */
@KeelwatchIntegrationTest
class RpoHistoryCountsEachDayFromTheStoredBackupsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    RecoveryService recovery;
    @Autowired
    SafeYaml yaml;

    RecoveryCalls calls;
    LocalDate today;

    @Test
    void eachDayCountsTheNamespacesMeetingAndBreachingTheirRpoAsTheCallerSeesThem() throws Exception {
        calls = new RecoveryCalls(mvc);
        today = LocalDate.now(ZoneOffset.UTC);
        String environment = inventory.createEnvironment(RecoveryCalls.unique("rpoenv"), world.admin()).name();
        String cluster = inventory.createCluster(RecoveryCalls.unique("rpo"), environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        inventory.addNamespaceRule(cluster, "ops-*", world.betaProject().slug(), world.admin());
        ObjectNode deleted = backup("shop-api-manual", "shop-api", at(4, 1), "Completed", 0, at(-30, 0));
        ((ObjectNode) deleted.get("metadata")).put("deletionTimestamp", at(4, 3).toString());
        calls.report(cluster, "application/json", list(
                backup("nightly-a", "shop-web", at(6, 12), "Completed", 0, at(-30, 0)),
                backup("nightly-b", "shop-web", at(3, 12), "Completed", 0, at(-30, 0)),
                backup("nightly-c", "shop-web", at(2, 12), "PartiallyFailed", 5, at(-30, 0)),
                backup("shop-api-first", "shop-api", at(6, 1), "Completed", 0, at(-30, 0)),
                deleted,
                backup("shop-api-short", "shop-api", at(1, 1), "Completed", 0, at(1, 5)),
                backup("ops-nightly", "ops-db", at(2, 12), "Completed", 0, at(-30, 0))));
        recovery.setPolicy(new NewRecoveryPolicy(cluster, null, null, "24h", "1h", null, null, null), world.admin());

        // days 6..0 ago: shop-web meets it the day of each usable backup; shop-api the first day only (its manual backup
        // was deleted two hours later, its short one expired the same day); ops-db the day of its backup
        assertThat(counts(TestWorld.LEAD, cluster, "met")).containsExactly(2, 0, 0, 1, 1, 0, 0);
        assertThat(counts(TestWorld.LEAD, cluster, "breached")).containsExactly(1, 3, 3, 2, 2, 3, 3);
        assertThat(counts(TestWorld.ALICE, cluster, "met")).containsExactly(2, 0, 0, 1, 0, 0, 0);
        assertThat(counts(TestWorld.ALICE, cluster, "breached")).containsExactly(0, 2, 2, 1, 2, 2, 2);
        assertThat(counts(TestWorld.BOB, cluster, "met")).containsExactly(0, 0, 0, 0, 1, 0, 0);

        // what a day's bar counts, with the backup that met it and its age then
        JsonNode met = calls.read(mvc.perform(get("/api/v1/recovery/rpo-history/namespaces").param("day", today.minusDays(3).toString())
                .param("state", "met").param("cluster", cluster).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()));
        assertThat(met).hasSize(1);
        assertThat(met.get(0).get("namespace").asString()).isEqualTo("shop-web");
        assertThat(met.get(0).get("backup").asString()).isEqualTo("nightly-b");
        assertThat(met.get(0).get("age").asString()).isEqualTo("12h");
        JsonNode breached = calls.read(mvc.perform(get("/api/v1/recovery/rpo-history/namespaces").param("day", today.minusDays(4).toString())
                .param("state", "breached").param("cluster", cluster).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()));
        List<String> names = new ArrayList<>();
        breached.forEach(n -> names.add(n.get("namespace").asString() + ":" + n.path("backup").asString("none")));
        assertThat(names).containsExactlyInAnyOrder("ops-db:none", "shop-api:shop-api-first", "shop-web:nightly-a");

        // the chart: a bar per day and state, each opening the list it counts
        JsonNode chart = calls.read(mvc.perform(get("/recovery/rpo-chart.json").param("days", "7").param("cluster", cluster)
                .with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk()));
        assertThat(chart.at("/data/labels/0").asString()).isEqualTo(today.minusDays(6).toString());
        assertThat(chart.at("/data/datasets/0/data").toString()).isEqualTo("[2,0,0,1,0,0,0]");
        String link = chart.at("/links/0/3").asString();
        assertThat(link).isEqualTo("/recovery/rpo?day=" + today.minusDays(3) + "&state=met&cluster=" + cluster);
        mvc.perform(get(link).with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-namespace=\"shop-web\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("data-namespace=\"shop-api\""))));
        mvc.perform(get("/recovery").param("cluster", cluster).with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-chart-src=\"/recovery/rpo-chart.json?cluster=" + cluster)));

        for (String[] bad : List.of(new String[] {"/api/v1/recovery/rpo-history", "days", "0"},
                new String[] {"/api/v1/recovery/rpo-history", "days", "367"},
                new String[] {"/api/v1/recovery/rpo-history", "days", "many"},
                new String[] {"/api/v1/recovery/rpo-history/namespaces", "state", "maybe"},
                new String[] {"/api/v1/recovery/rpo-history/namespaces", "day", today.plusDays(1).toString()},
                new String[] {"/api/v1/recovery/rpo-history/namespaces", "day", "yesterday"})) {
            mvc.perform(get(bad[0]).param(bad[1], bad[2]).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        mvc.perform(get("/api/v1/recovery/rpo-history").param("project", world.betaProject().slug())
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andExpect(status().isNotFound());
    }

    /** The day's counts of one state, oldest first, over the last 7 days. */
    private List<Integer> counts(String user, String cluster, String state) throws Exception {
        JsonNode days = calls.read(mvc.perform(get("/api/v1/recovery/rpo-history").param("days", "7").param("cluster", cluster)
                .with(httpBasic(user, TestWorld.PASSWORD))).andExpect(status().isOk()));
        assertThat(days).hasSize(7);
        assertThat(days.get(6).get("day").asString()).isEqualTo(today.toString());
        List<Integer> counts = new ArrayList<>();
        days.forEach(d -> counts.add(d.get(state).asInt()));
        return counts;
    }

    /** {@code daysAgo} days before today (UTC), at the hour. */
    private Instant at(int daysAgo, int hour) {
        return today.minusDays(daysAgo).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    /** The user's PartiallyFailed backup renamed, taking one namespace, started at {@code started}, 10 minutes long. */
    private ObjectNode backup(String name, String namespace, Instant started, String phase, int errors, Instant expires) {
        ObjectNode backup = (ObjectNode) yaml.tree(RecoveryCalls.sample("backup-partiallyfailed-issue5815.yaml"), 1 << 20);
        ((ObjectNode) backup.get("metadata")).put("name", name).put("creationTimestamp", started.toString());
        ((ObjectNode) backup.get("spec")).putArray("includedNamespaces").add(namespace);
        ((ObjectNode) backup.get("status")).put("phase", phase).put("errors", errors).put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plusSeconds(600).toString()).put("expiration", expires.toString());
        return backup;
    }

    /** What {@code kubectl get backups -n velero -o json} prints around these items. */
    private String list(ObjectNode... backups) {
        ObjectNode list = calls.json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(List.of(backups));
        list.putObject("metadata").put("resourceVersion", "");
        return calls.json.writeValueAsString(list);
    }
}
