package io.keelwatch.inventory.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Environments are ordered from least to most critical; leads and admins create, rename, reorder and
 * delete them (an environment with clusters stays), everyone reads them in order, and every change
 * is audited.
 */
@KeelwatchIntegrationTest
class EnvironmentsKeepTheirOrderAndOnlyLeadsChangeThemIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private ClusterCalls calls;

    @BeforeEach
    void calls() {
        world.alpha(); // the people the calls act as
        calls = new ClusterCalls(mvc);
    }

    @Test
    void newEnvironmentsComeLastAndEveryoneReadsThemInOrder() throws Exception {
        world.alpha();
        String dev = ClusterCalls.unique("dev");
        String staging = ClusterCalls.unique("staging");
        String prod = ClusterCalls.unique("prod");
        for (String name : List.of(dev, staging, prod)) {
            calls.createEnvironment(TestWorld.LEAD, name)
                    .andExpect(status().isCreated())
                    .andExpect(header().string("Location", "/api/v1/environments/" + name))
                    .andExpect(jsonPath("$.name").value(name))
                    .andExpect(jsonPath("$.clusters").value(0));
        }
        for (String reader : List.of(TestWorld.ALICE, TestWorld.BOB, TestWorld.AUDITOR)) {
            assertThat(names(calls.environments(reader))).containsSubsequence(dev, staging, prod);
        }
        assertThat(audited("environment.created", prod)).isEqualTo(1);
    }

    @Test
    void reorderingPutsEveryEnvironmentWhereTheListSays() throws Exception {
        String first = calls.environment();
        String second = calls.environment();
        List<String> order = new ArrayList<>(names(calls.environments(TestWorld.LEAD)));
        order.remove(second);
        order.add(order.indexOf(first), second);

        calls.reorderEnvironments(TestWorld.ADMIN, order)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value(order.get(0)));

        assertThat(names(calls.environments(TestWorld.BOB))).containsExactlyElementsOf(order);
        assertThat(audited("environment.reordered", null)).isPositive();
    }

    @Test
    void aReorderMustNameEveryEnvironmentOnce() throws Exception {
        String one = calls.environment();
        List<String> before = names(calls.environments(TestWorld.LEAD));

        calls.reorderEnvironments(TestWorld.LEAD, List.of(one))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("every environment")));
        List<String> twice = new ArrayList<>(before);
        twice.add(one);
        calls.reorderEnvironments(TestWorld.LEAD, twice).andExpect(status().isBadRequest());

        assertThat(names(calls.environments(TestWorld.LEAD))).containsExactlyElementsOf(before);
    }

    @Test
    void renamingKeepsThePlaceAndTheClusters() throws Exception {
        String cluster = calls.cluster();
        String environment = calls.read(calls.cluster(TestWorld.LEAD, cluster)).get("environment").asString();
        List<String> before = names(calls.environments(TestWorld.LEAD));
        String renamed = ClusterCalls.unique("renamed");

        calls.renameEnvironment(TestWorld.LEAD, environment, renamed)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(renamed))
                .andExpect(jsonPath("$.clusters").value(1));

        assertThat(names(calls.environments(TestWorld.LEAD)).indexOf(renamed)).isEqualTo(before.indexOf(environment));
        calls.cluster(TestWorld.ALICE, cluster).andExpect(status().isOk()).andExpect(jsonPath("$.environment").value(renamed));
        assertThat(audited("environment.renamed", renamed)).isEqualTo(1);
    }

    @Test
    void renamingOntoAnotherEnvironmentsNameIsAConflict() throws Exception {
        String one = calls.environment();
        String other = calls.environment();

        calls.renameEnvironment(TestWorld.LEAD, one, other)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"));
        assertThat(names(calls.environments(TestWorld.LEAD))).contains(one, other);
    }

    @Test
    void anUnusedEnvironmentIsDeletedOneWithClustersStays() throws Exception {
        String unused = calls.environment();
        String cluster = calls.cluster();
        String used = calls.read(calls.cluster(TestWorld.LEAD, cluster)).get("environment").asString();

        calls.deleteEnvironment(TestWorld.LEAD, unused).andExpect(status().isNoContent());
        calls.deleteEnvironment(TestWorld.LEAD, used)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:environment-in-use"))
                .andExpect(jsonPath("$.detail").value(containsString(cluster)));

        assertThat(names(calls.environments(TestWorld.LEAD))).doesNotContain(unused).contains(used);
        calls.deleteEnvironment(TestWorld.LEAD, unused).andExpect(status().isNotFound());
        assertThat(audited("environment.deleted", unused)).isEqualTo(1);
    }

    @Test
    void developersAndAuditorsReadButChangeNothing() throws Exception {
        String existing = calls.environment();
        for (String user : List.of(TestWorld.ALICE, TestWorld.AUDITOR)) {
            String name = ClusterCalls.unique("nope");
            calls.createEnvironment(user, name)
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
            calls.renameEnvironment(user, existing, name).andExpect(status().isForbidden());
            calls.deleteEnvironment(user, existing).andExpect(status().isForbidden());
            calls.reorderEnvironments(user, names(calls.environments(user))).andExpect(status().isForbidden());
            assertThat(names(calls.environments(user))).contains(existing).doesNotContain(name);
        }
    }

    @Test
    void badNamesAreRefusedAndWriteNothing() throws Exception {
        long before = count();
        for (String bad : List.of("", "Prod", "prod_eu", "-prod", "prod-", "a".repeat(64), "prod eu", "pröd")) {
            calls.createEnvironment(TestWorld.LEAD, bad)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        }
        mvc.perform(post("/api/v1/environments").contentType(MediaType.APPLICATION_JSON).content("{\"name\": ")
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(count()).isEqualTo(before);
    }

    private long count() {
        return jdbc.sql("select count(*) from environment").query(Long.class).single();
    }

    /** Audit events of this action, of the environment named so before or after the change (null: any). */
    private int audited(String action, String environment) {
        return jdbc.sql("""
                        select count(*) from audit_event
                        where action = :action and target_type = 'environment'
                          and (cast(:name as text) is null or details::text like '%"' || :name || '"%')
                        """)
                .param("action", action)
                .param("name", environment)
                .query(Integer.class)
                .single();
    }

    private static List<String> names(JsonNode environments) {
        List<String> names = new ArrayList<>();
        environments.forEach(e -> names.add(e.get("name").asString()));
        return names;
    }
}
