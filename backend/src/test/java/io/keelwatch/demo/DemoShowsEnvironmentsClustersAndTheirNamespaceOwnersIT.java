package io.keelwatch.demo;

import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The evaluation start shows clusters: the demo seeds staging and prod, a cluster in each, and
 * namespace rules giving namespaces to the demo teams' projects, through the services people use.
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
    void theDemoClustersHoldRealFalcoAlertsFiledUnderTheirNamespacesTeams() throws Exception {
        // per cluster: 17 sample events in 8 alerts (8 open_from_cat and 3 Disallowed K8s User events fold)
        mvc.perform(get("/api/v1/alerts").param("cluster", "prod-eu").with(httpBasic("lead", "lead")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(8));
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
}
