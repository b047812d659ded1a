package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The rest of the bad input: a 10 MB output (in a back-fill line, where the body may be that
 * large) is stored cut, as Falcosidekick cuts; a NUL in any one field refuses the whole request with a
 * problem and stores nothing; script in every field is stored as the text it is and shown inert on the
 * alert page and in the API; the server takes the next event as before.
 */
@KeelwatchIntegrationTest
class HostileFalcoEventsAreCutRefusedOrShownInertIT {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final String SCRIPT = "<script>alert(1)</script>";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aTenMegabyteOutputIsStoredCut() throws Exception {
        String cluster = cluster();
        String line = "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-03-01T10:05:00Z\",\"output\":\"%s\",\"output_fields\":{\"proc.cmdline\":\"%s\"}}"
                .formatted("o".repeat(10_000_000), "c".repeat(100_000));
        send(cluster, NDJSON, line).andExpect(status().isOk()).andExpect(jsonPath("$.stored").value(1));
        var stored = jdbc.sql("""
                select length(e.output) as output, e.output like '%[...]' as marked, length(e.output_fields ->> 'proc.cmdline') as cmdline
                from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c""").param("c", cluster).query().singleRow();
        assertThat(stored).containsEntry("output", 8192).containsEntry("marked", true).containsEntry("cmdline", 512);
        send(cluster, MediaType.APPLICATION_JSON, FalcoEventsAreStoredOnceAndFoldedIT.shell("2024-03-01T10:06:00Z", "web-1", "Notice"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.stored").value(1));
    }

    @Test
    void aNulInAnyFieldRefusesTheWholeRequest() throws Exception {
        String cluster = cluster();
        String template = "{\"rule\":\"%s\",\"priority\":\"%s\",\"time\":\"2024-03-01T10:05:00Z\",\"hostname\":\"%s\",\"source\":\"%s\","
                + "\"uuid\":\"%s\",\"output\":\"%s\",\"tags\":[\"%s\"],\"output_fields\":{\"%s\":\"%s\",\"k8s.ns.name\":\"%s\"}}";
        for (int field = 0; field < 10; field++) {
            Object[] values = {"r", "Notice", "h", "syscall", "u", "o", "t", "proc.name", "v", "shop"};
            values[field] = field == 1 ? "Notice\\u0000" : values[field] + "\\u0000x";
            String good = FalcoEventsAreStoredOnceAndFoldedIT.shell("2024-03-01T10:05:00Z", "web-1", "Notice");
            send(cluster, NDJSON, good + "\n" + template.formatted(values))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-falco-event"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Line 2")));
        }
        assertThat(jdbc.sql("select count(*) from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single()).isZero();
    }

    @Test
    void scriptInEveryFieldIsStoredAsTextAndShownInert() throws Exception {
        String cluster = cluster();
        String s = SCRIPT.replace("/", "\\/");
        String event = ("{\"rule\":\"%1$s\",\"priority\":\"Warning\",\"time\":\"2024-03-01T10:05:00Z\",\"hostname\":\"%1$s\",\"source\":\"%1$s\","
                + "\"uuid\":\"%1$s\",\"output\":\"%1$s\",\"tags\":[\"%1$s\"],\"output_fields\":{\"%1$s\":\"%1$s\",\"k8s.ns.name\":\"%1$s\","
                + "\"k8s.pod.name\":\"%1$s\",\"container.id\":\"%1$s\",\"container.image.repository\":\"%1$s\"}}").formatted(s);
        send(cluster, MediaType.APPLICATION_JSON, event).andExpect(status().isOk()).andExpect(jsonPath("$.stored").value(1));
        long id = jdbc.sql("select a.id from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
        String page = mvc.perform(get("/alerts/" + id).with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        mvc.perform(get("/api/v1/alerts/" + id).with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alert.rule").value(SCRIPT))
                .andExpect(jsonPath("$.alert.pod").value(SCRIPT))
                .andExpect(jsonPath("$.events.items[0].output").value(SCRIPT));
    }

    private ResultActions send(String cluster, MediaType type, String body) throws Exception {
        return mvc.perform(post("/api/v1/alerts/falco").param("cluster", cluster).contentType(type).content(body)
                .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)));
    }

    private String cluster() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("hostile-" + suffix, world.admin()).name();
        return inventory.createCluster("hostile-" + suffix, environment, null, world.admin()).name();
    }
}
