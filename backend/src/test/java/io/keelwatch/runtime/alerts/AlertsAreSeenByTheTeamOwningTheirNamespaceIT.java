package io.keelwatch.runtime.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runtime alerts are read through the one visibility rule: the namespace rules give a namespace's
 * alerts to a project's team; a namespace no rule maps is the cluster owners' (leads, auditors, admins).
 */
@KeelwatchIntegrationTest
class AlertsAreSeenByTheTeamOwningTheirNamespaceIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void eachTeamSeesItsOwnNamespacesAlertsAndTheClusterOwnersSeeAll() throws Exception {
        String cluster = world.newCluster("vis");
        ProjectRef shop = world.alphaProject();
        ProjectRef pay = world.betaProject();
        inventory.addNamespaceRule(cluster, "shop-*", shop.slug(), world.admin());
        inventory.addNamespaceRule(cluster, "pay-*", pay.slug(), world.admin());
        post(cluster, event("shop-web", "Critical", "2024-06-01T08:00:00Z"), event("shop-web", "Critical", "2024-06-01T08:10:00Z"),
                event("pay-api", "Notice", "2024-06-01T09:00:00Z"), event("kube-system", "Warning", "2024-06-01T10:00:00Z"));

        JsonNode alice = list(TestWorld.ALICE, cluster, "");
        assertThat(namespaces(alice)).containsExactly("shop-web");
        assertThat(alice.get("items").get(0).get("project").asString()).isEqualTo(shop.slug());
        assertThat(alice.get("items").get(0).get("eventCount").asLong()).isEqualTo(2);
        JsonNode bob = list(TestWorld.BOB, cluster, "");
        assertThat(namespaces(bob)).containsExactly("pay-api");
        for (String owner : List.of(TestWorld.LEAD, TestWorld.AUDITOR, TestWorld.ADMIN)) {
            assertThat(namespaces(list(owner, cluster, ""))).containsExactly("kube-system", "pay-api", "shop-web");
        }

        JsonNode all = list(TestWorld.LEAD, cluster, "");
        long shopId = idOf(all, "shop-web");
        long payId = idOf(all, "pay-api");
        long kubeId = idOf(all, "kube-system");
        JsonNode detail = read(mvc.perform(api(get("/api/v1/alerts/" + shopId), TestWorld.ALICE)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(detail.get("events").get("totalItems").asLong()).isEqualTo(2);
        assertThat(detail.get("events").get("items").get(0).get("outputFields").get("k8s.ns.name").asString()).isEqualTo("shop-web");
        for (long other : List.of(payId, kubeId)) {
            mvc.perform(api(get("/api/v1/alerts/" + other), TestWorld.ALICE)).andExpect(status().isNotFound());
        }
        mvc.perform(api(get("/api/v1/alerts/" + kubeId), TestWorld.AUDITOR)).andExpect(status().isOk());

        // filters and paging
        assertThat(namespaces(list(TestWorld.LEAD, cluster, "&priority=warning"))).containsExactly("kube-system", "shop-web");
        assertThat(namespaces(list(TestWorld.LEAD, cluster, "&namespace=pay-api"))).containsExactly("pay-api");
        assertThat(namespaces(list(TestWorld.LEAD, cluster, "&project=" + shop.slug()))).containsExactly("shop-web");
        assertThat(namespaces(list(TestWorld.LEAD, cluster, "&rule=Nothing"))).isEmpty();
        assertThat(namespaces(list(TestWorld.LEAD, cluster, "&from=2024-06-01T08:30:00Z&to=2024-06-01T09:30:00Z")))
                .containsExactly("pay-api");
        JsonNode page = list(TestWorld.LEAD, cluster, "&size=1&page=1");
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(page.get("totalItems").asLong()).isEqualTo(3);
        mvc.perform(api(get("/api/v1/alerts?priority=loud"), TestWorld.LEAD)).andExpect(status().isBadRequest());

        // the pages show the same
        String alicePage = mvc.perform(get("/alerts").param("cluster", cluster).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(alicePage).contains("shop-web").doesNotContain("pay-api").doesNotContain("kube-system");
        mvc.perform(get("/alerts/" + payId).with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isNotFound());
        String leadPage = mvc.perform(get("/alerts/" + kubeId).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(leadPage).contains("kube-system").contains("Terminal shell in container");
    }

    private void post(String cluster, String... events) {
        ingest.ingest(cluster, String.join("\n", events).getBytes(StandardCharsets.UTF_8), true, world.admin());
    }

    static String event(String namespace, String priority, String time) {
        return ("{\"rule\":\"Terminal shell in container\",\"priority\":\"%s\",\"time\":\"%s\",\"output\":\"shell in %s\","
                + "\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"%s\",\"k8s.pod.name\":\"web-1\","
                + "\"container.id\":\"0123456789ab\"}}").formatted(priority, time, namespace, namespace);
    }

    private JsonNode list(String user, String cluster, String query) throws Exception {
        return read(mvc.perform(api(get("/api/v1/alerts?cluster=" + cluster + query), user)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private static MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request, String user) {
        return request.with(httpBasic(user, TestWorld.PASSWORD));
    }

    private static List<String> namespaces(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(a -> names.add(a.get("namespace").asString()));
        return names.stream().sorted().toList();
    }

    private static long idOf(JsonNode page, String namespace) {
        for (JsonNode a : page.get("items")) {
            if (a.get("namespace").asString().equals(namespace)) {
                return a.get("id").asLong();
            }
        }
        throw new AssertionError(namespace);
    }

    private JsonNode read(String body) {
        return json.readTree(body);
    }
}
