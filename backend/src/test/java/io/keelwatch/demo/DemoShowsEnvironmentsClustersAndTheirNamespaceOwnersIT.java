package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation start shows clusters: the demo seeds staging and prod, a cluster in each, and
 * namespace rules giving namespaces to the demo teams' projects, through the services people use;
 * the real k8s samples run in both clusters, so every drift kind shows.
 */
@SpringBootTest(properties = "keelwatch.demo.enabled=true")
@AutoConfigureMockMvc
class DemoShowsEnvironmentsClustersAndTheirNamespaceOwnersIT {

    @Autowired
    MockMvc mvc;

    @Test
    void theDemoLeadSeesStagingAndProdClustersWhoseNamespacesBelongToTheDemoTeams() throws Exception {
        mvc.perform(get("/api/v1/environments").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("staging"))
                .andExpect(jsonPath("$[1].name").value("prod"))
                .andExpect(jsonPath("$[1].clusters").value(1));
        mvc.perform(get("/api/v1/clusters/prod-eu").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.environment").value("prod"));
        mvc.perform(get("/api/v1/clusters/staging-eu").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.environment").value("staging"));
        mvc.perform(get("/api/v1/clusters/prod-eu/namespace-owner").param("namespace", "payments-api").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner.team").value("payments"));
        mvc.perform(get("/api/v1/clusters/prod-eu/namespace-owner").param("namespace", "storefront-web").with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").doesNotExist());
        mvc.perform(get("/api/v1/clusters/prod-eu/namespace-rules").with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].team").value(everyItem(is("payments"))))
                .andExpect(jsonPath("$.length()").value(greaterThan(0)));
    }

    @Test
    void theDemoClustersRunRealWorkloadsShowingEveryDriftKind() throws Exception {
        for (String drift : List.of("never-scanned", "stale-scan", "tag-only", "unmapped-image", "no-project")) {
            String page = mvc.perform(get("/api/v1/workloads").param("drift", drift).with(httpBasic("lead", "lead")))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(JsonMapper.builder().build().readTree(page).get("totalItems").asInt()).as("demo workloads with drift " + drift)
                    .isPositive();
        }
        mvc.perform(get("/api/v1/workloads").param("cluster", "prod-eu").param("namespace", "payments-api")
                        .with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.name == 'api')]").isNotEmpty())
                .andExpect(jsonPath("$.items[?(@.name == 'api')].drift[*]").value(not(hasItem("never-scanned"))))
                .andExpect(jsonPath("$.items[?(@.name == 'sleep')].containerType").value(hasItem("init")));
        mvc.perform(get("/api/v1/workloads").param("cluster", "prod-eu").param("namespace", "ingress-gateway")
                        .with(httpBasic("dev2", "dev2")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.name == 'gateway')].drift[*]").value(hasItem("stale-scan")));
        mvc.perform(get("/api/v1/workloads").param("size", "500").with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].project").value(everyItem(anyOf(is("payments-api"), is("payments-worker")))));
        mvc.perform(get("/running").with(user("dev").roles("DEVELOPER"))).andExpect(status().isOk());
    }

    @Test
    void theDemoLeadSeesTheClustersOwnFindingsInTheListAndOnTheirPages() throws Exception {
        // prod-eu: the trivy k8s report's 3 kubelet vulnerabilities and kube-bench's WARN; staging-eu: kube-bench's array form
        // and the Trivy Operator's assessments (13 + 13 + 9 + 1 failed checks, 12 failing NSA controls)
        String prod = mvc.perform(get("/api/v1/findings").param("cluster", "prod-eu").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(4))
                .andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/v1/findings").param("cluster", "staging-eu").with(httpBasic("lead", "lead")))
                .andExpect(jsonPath("$.totalItems").value(1 + 36 + 12));
        mvc.perform(get("/api/v1/findings").param("cluster", "staging-eu").param("text", "CIS-3.1.1").with(httpBasic("lead", "lead")))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].ruleId").value("CIS-3.1.1"));
        mvc.perform(get("/api/v1/findings").param("cluster", "prod-eu").with(httpBasic("dev", "dev")))
                .andExpect(jsonPath("$.totalItems").value(0));
        long id = JsonMapper.builder().build().readTree(prod).get("items").get(0).get("id").asLong();

        mvc.perform(get("/findings").param("cluster", "prod-eu").with(user("lead").roles("SECURITY_LEAD")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"cluster-location\"")));
        mvc.perform(get("/findings/" + id).with(user("lead").roles("SECURITY_LEAD")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"finding-cluster\"")));
        mvc.perform(get("/scans").with(user("lead").roles("SECURITY_LEAD")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("prod-eu")));
    }

    @Test
    void theDemoClustersHoldRealFalcoAlertsFiledUnderTheirNamespacesTeams() throws Exception {
        // per cluster: 17 sample events in 8 alerts (8 open_from_cat and 3 Disallowed K8s User events fold)
        mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").param("muted", "any").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(8));
        // one is muted by the demo's approved, expiring mute (Fission's fetcher contacting the API server): kept, marked, hidden by default
        mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(7));
        String muted = mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").param("muted", "yes").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].rule").value("Contact K8S API Server From Container"))
                .andExpect(jsonPath("$.items[0].namespace").value("catalog-service"))
                .andReturn().getResponse().getContentAsString();
        long exception = JsonMapper.builder().build().readTree(muted).at("/items/0/mutedBy").asLong();
        mvc.perform(get("/api/v1/exceptions/" + exception).with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("approved"))
                .andExpect(jsonPath("$.mute.workloadPattern").doesNotExist())
                .andExpect(jsonPath("$.mute.namespacePattern").value("catalog-*"))
                .andExpect(jsonPath("$.expiresAt").exists());
        mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").param("rule", "open_from_cat").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].eventCount").value(8))
                .andExpect(jsonPath("$.items[0].project").doesNotExist());
        // the payments developer sees the shells of the payments namespace only
        mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(3))
                .andExpect(jsonPath("$.items[*].namespace").value(everyItem(is("payments-api"))))
                .andExpect(jsonPath("$.items[*].team").value(everyItem(is("payments"))));
    }

    @Test
    void theDemoFoldsAlertsOfThePaymentsApiPodsIntoAnIncidentBeingInvestigated() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        String list = mvc.perform(get("/api/v1/incidents").param("cluster", "prod-eu").with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].title").value("Shells in payments-api pods"))
                .andExpect(jsonPath("$.items[0].status").value("investigating"))
                .andExpect(jsonPath("$.items[0].team").value("payments"))
                .andExpect(jsonPath("$.items[0].createdBy").value("system"))
                .andReturn().getResponse().getContentAsString();
        long id = json.readTree(list).get("items").get(0).get("id").asLong();
        String detail = mvc.perform(get("/api/v1/incidents/" + id).with(httpBasic("dev", "dev")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alerts[*].namespace").value(everyItem(is("payments-api"))))
                .andExpect(jsonPath("$.timeline[*].kind").value(org.hamcrest.Matchers.contains("created", "status", "note")))
                .andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(detail).get("alerts").size()).as("the demo's shells in payments-api").isGreaterThan(1);
        // another team's developer does not see it
        mvc.perform(get("/api/v1/incidents/" + id).with(httpBasic("dev2", "dev2"))).andExpect(status().isNotFound());
    }
}
