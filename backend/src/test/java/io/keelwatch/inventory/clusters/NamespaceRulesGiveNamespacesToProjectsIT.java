package io.keelwatch.inventory.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A cluster's namespace rules give its namespaces to projects (and so to their teams): the longest
 * matching pattern wins, a pattern is used once per cluster, a namespace no rule maps belongs to the
 * cluster's owners (leads and admins), and a team sees only the rules and owners of its own projects.
 */
@KeelwatchIntegrationTest
class NamespaceRulesGiveNamespacesToProjectsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    InventoryService inventory;

    private ClusterCalls calls;

    @BeforeEach
    void calls() {
        world.alpha(); // the people the calls act as
        calls = new ClusterCalls(mvc);
    }

    @Test
    void theLongestMatchingPatternOwnsTheNamespace() throws Exception {
        String cluster = calls.cluster();
        long clusterId = clusterId(cluster);
        ProjectRef broad = world.alphaProject();
        ProjectRef narrow = world.betaProject();
        calls.rule(cluster, "pay*", broad.slug());
        calls.rule(cluster, "payments-*", narrow.slug());

        assertThat(inventory.namespaceOwner(clusterId, "payments-api")).map(NamespaceOwner::project).contains(narrow.slug());
        assertThat(inventory.namespaceOwner(clusterId, "payments-api")).map(NamespaceOwner::team).contains("beta");
        assertThat(inventory.namespaceOwner(clusterId, "paylater")).map(NamespaceOwner::project).contains(broad.slug());
        assertThat(inventory.namespaceOwner(clusterId, "paylater")).map(NamespaceOwner::pattern).contains("pay*");
        assertThat(inventory.namespaceOwner(clusterId, "kube-system")).isEmpty();
        assertThat(inventory.namespaceOwners(clusterId, List.of("payments-api", "paylater", "kube-system")))
                .containsOnlyKeys("payments-api", "paylater")
                .hasEntrySatisfying("payments-api", owner -> assertThat(owner.projectId()).isEqualTo(narrow.id()))
                .hasEntrySatisfying("paylater", owner -> assertThat(owner.teamId()).isEqualTo(world.alpha().id()));

        calls.owner(TestWorld.LEAD, cluster, "payments-api")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner.project").value(narrow.slug()))
                .andExpect(jsonPath("$.owner.team").value("beta"))
                .andExpect(jsonPath("$.owner.pattern").value("payments-*"));
        calls.owner(TestWorld.LEAD, cluster, "kube-system")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.namespace").value("kube-system"))
                .andExpect(jsonPath("$.owner").doesNotExist());
    }

    @Test
    void rulesOfOneClusterOwnNothingInAnother() throws Exception {
        String mapped = calls.cluster();
        String other = calls.cluster();
        calls.rule(mapped, "web-*", world.alphaProject().slug());

        assertThat(inventory.namespaceOwner(clusterId(other), "web-shop")).isEmpty();
        assertThat(inventory.namespaceOwner(clusterId(mapped), "web-shop")).isPresent();
    }

    @Test
    void theSamePatternTwiceInAClusterIsRefusedWithTheReason() throws Exception {
        String cluster = calls.cluster();
        ProjectRef first = world.alphaProject();
        calls.rule(cluster, "shop-*", first.slug());

        calls.addRule(TestWorld.LEAD, cluster, "shop-*", world.betaProject().slug())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:namespace-rule-conflict"))
                .andExpect(jsonPath("$.detail").value(containsString("shop-*")))
                .andExpect(jsonPath("$.detail").value(containsString(first.slug())));

        assertThat(rules(TestWorld.LEAD, cluster)).extracting(r -> r.get("project").asString()).containsExactly(first.slug());
        calls.rule(calls.cluster(), "shop-*", world.betaProject().slug()); // another cluster may use it
    }

    @Test
    void eachTeamSeesOnlyTheRulesAndOwnersOfItsOwnProjects() throws Exception {
        String cluster = calls.cluster();
        ProjectRef alpha = world.alphaProject();
        ProjectRef beta = world.betaProject();
        calls.rule(cluster, "alpha-*", alpha.slug());
        calls.rule(cluster, "beta-*", beta.slug());

        assertThat(rules(TestWorld.ALICE, cluster)).extracting(r -> r.get("project").asString()).containsExactly(alpha.slug());
        assertThat(rules(TestWorld.BOB, cluster)).extracting(r -> r.get("project").asString()).containsExactly(beta.slug());
        for (String everyone : List.of(TestWorld.LEAD, TestWorld.AUDITOR, TestWorld.ADMIN)) {
            assertThat(rules(everyone, cluster)).extracting(r -> r.get("project").asString())
                    .containsExactlyInAnyOrder(alpha.slug(), beta.slug());
        }

        calls.owner(TestWorld.ALICE, cluster, "alpha-api").andExpect(status().isOk())
                .andExpect(jsonPath("$.owner.project").value(alpha.slug()));
        String asBob = calls.owner(TestWorld.BOB, cluster, "alpha-api").andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertThat(asBob).doesNotContain(alpha.slug()).doesNotContain("alpha-*");
    }

    @Test
    void deletingARuleHandsItsNamespacesToTheNextRuleOrTheClustersOwners() throws Exception {
        String cluster = calls.cluster();
        long clusterId = clusterId(cluster);
        ProjectRef broad = world.alphaProject();
        ProjectRef narrow = world.alphaProject();
        long broadRule = calls.rule(cluster, "team-*", broad.slug());
        long narrowRule = calls.rule(cluster, "team-a-*", narrow.slug());

        mvc.perform(delete("/api/v1/clusters/" + cluster + "/namespace-rules/" + narrowRule)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andExpect(status().isNoContent());
        assertThat(inventory.namespaceOwner(clusterId, "team-a-web")).map(NamespaceOwner::projectId).contains(broad.id());

        mvc.perform(delete("/api/v1/clusters/" + cluster + "/namespace-rules/" + broadRule)
                .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD))).andExpect(status().isNoContent());
        assertThat(inventory.namespaceOwner(clusterId, "team-a-web")).isEmpty();
        assertThat(audited("namespace-rule.deleted", cluster)).isEqualTo(2);

        mvc.perform(delete("/api/v1/clusters/" + cluster + "/namespace-rules/" + broadRule)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andExpect(status().isNotFound());
    }

    @Test
    void aRuleOfAnotherClusterIsNotFoundUnderThisOne() throws Exception {
        String cluster = calls.cluster();
        long rule = calls.rule(cluster, "ops-*", world.alphaProject().slug());

        mvc.perform(delete("/api/v1/clusters/" + calls.cluster() + "/namespace-rules/" + rule)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andExpect(status().isNotFound());
        assertThat(rules(TestWorld.LEAD, cluster)).hasSize(1);
    }

    @Test
    void aCatchAllRuleOwnsWhatNoOtherRuleMaps() throws Exception {
        String cluster = calls.cluster();
        long clusterId = clusterId(cluster);
        ProjectRef platform = world.alphaProject();
        ProjectRef shop = world.betaProject();
        calls.rule(cluster, "*", platform.slug());
        calls.rule(cluster, "shop", shop.slug());

        assertThat(inventory.namespaceOwner(clusterId, "shop")).map(NamespaceOwner::projectId).contains(shop.id());
        assertThat(inventory.namespaceOwner(clusterId, "monitoring")).map(NamespaceOwner::projectId).contains(platform.id());
        assertThat(audited("namespace-rule.added", cluster)).isEqualTo(2);
    }

    @Test
    void rulesAreListedMostSpecificFirst() throws Exception {
        String cluster = calls.cluster();
        String project = world.alphaProject().slug();
        calls.rule(cluster, "a*", project);
        calls.rule(cluster, "abc-*", project);
        calls.rule(cluster, "ab*", project);

        calls.rules(TestWorld.LEAD, cluster).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].pattern").value("abc-*"))
                .andExpect(jsonPath("$[1].pattern").value("ab*"))
                .andExpect(jsonPath("$[2].pattern").value("a*"))
                .andExpect(jsonPath("$[0].team").value("alpha"))
                .andExpect(jsonPath("$[0].createdBy").value(TestWorld.LEAD));
    }

    private List<JsonNode> rules(String user, String cluster) throws Exception {
        List<JsonNode> rules = new ArrayList<>();
        calls.read(calls.rules(user, cluster).andExpect(status().isOk())).forEach(rules::add);
        return rules;
    }

    private long clusterId(String cluster) throws Exception {
        return calls.read(calls.cluster(TestWorld.LEAD, cluster).andExpect(status().isOk())).get("id").asLong();
    }

    private int audited(String action, String cluster) {
        return jdbc.sql("select count(*) from audit_event where action = :action and details ->> 'cluster' = :cluster")
                .param("action", action)
                .param("cluster", cluster)
                .query(Integer.class)
                .single();
    }
}
