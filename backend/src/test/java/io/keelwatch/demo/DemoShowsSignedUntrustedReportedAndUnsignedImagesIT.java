package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo lead sees signing: sigstore-rs's busybox verified by the payments release key, the containers/image
 * sample signed by a key nobody trusts, cosign's README output reported, and the other demo images unsigned —
 * over the API, and an unsigned one on its image page (the signed samples were never scanned: no image page); the signer inventory counts what the release key signed.
 * The gate let the verified release Pod in and, by break-glass (audited), the unsigned hotfix its enforced policy denies:
 * both show on the Running page as admitted, not yet seen running; the hotfix is flagged unsigned where required.
 * The on-call's key, which signed the canary after the release key, is a new signer of payments-api and near its expiry.
 */
@SpringBootTest(properties = "keelwatch.demo.enabled=true")
@AutoConfigureMockMvc
class DemoShowsSignedUntrustedReportedAndUnsignedImagesIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theLeadSeesVerifiedUntrustedReportedAndUnsignedImages() throws Exception {
        assertThat(status(DemoSignatures.VERIFIED_IMAGE, "payments-api").get("status").asString()).isEqualTo("verified");
        assertThat(status(DemoSignatures.VERIFIED_IMAGE, "payments-api").get("signer").asString()).startsWith("payments release key (SHA256:");
        JsonNode untrusted = status(DemoSignatures.UNTRUSTED_IMAGE, "payments-api");
        assertThat(untrusted.get("status").asString()).isEqualTo("untrusted_signer");
        assertThat(untrusted.get("reasons").get(0).asString()).contains("not trusted for this image");
        assertThat(status(DemoSignatures.REPORTED_IMAGE, "payments-worker").get("status").asString()).isEqualTo("reported");
        long unsignedImage = jdbc.sql("""
                select s.image_id from scan s join project p on p.id = s.project_id
                 where p.slug = 'payments-worker' and s.image_id is not null order by s.id limit 1
                """).query(Long.class).single();
        assertThat(status(unsignedImage, "payments-worker").get("status").asString()).isEqualTo("missing");

        String unsignedPage = mvc.perform(get("/images/" + unsignedImage).param("project", "payments-worker")
                .with(user("lead").roles("SECURITY_LEAD"))).andReturn().getResponse().getContentAsString();
        assertThat(unsignedPage).contains("data-signing-status=\"missing\"").contains(">unsigned<");

        JsonNode signers = json.readTree(mvc.perform(get("/api/v1/signing/signers").with(httpBasic("lead", "lead")))
                .andReturn().getResponse().getContentAsString());
        List<JsonNode> releaseKey = new java.util.ArrayList<>();
        signers.forEach(s -> {
            if (s.get("name").asString().equals("payments release key")) {
                releaseKey.add(s);
            }
        });
        assertThat(releaseKey).hasSize(1);
        assertThat(releaseKey.get(0).get("signatures").asLong()).isEqualTo(1);
        assertThat(releaseKey.get(0).get("state").asString()).isEqualTo("trusted");
    }

    @Test
    void theLeadSeesTheWarnPolicyItsWouldDenyListAndAWaivedRule() throws Exception {
        JsonNode policies = json.readTree(mvc.perform(get("/api/v1/gate/policies").with(httpBasic("lead", "lead")))
                .andReturn().getResponse().getContentAsString());
        List<String> warned = new java.util.ArrayList<>();
        policies.forEach(p -> {
            if (p.get("name").asString().equals(DemoGate.POLICY)) {
                warned.add(p.get("mode").asString());
            }
        });
        assertThat(warned).containsExactly("warn");

        JsonNode wouldDeny = json.readTree(mvc.perform(get("/api/v1/gate/would-deny").param("environment", "prod")
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
        assertThat(wouldDeny).isNotEmpty();
        List<JsonNode> waived = new java.util.ArrayList<>();
        wouldDeny.forEach(decision -> {
            // the payments release registry is enforced; everything else in prod only warned about
            boolean enforced = decision.get("images").get(0).asString().startsWith("registry-testing.svc.lan/");
            assertThat(decision.get("decision").asString()).as("a warn policy warns").isIn(enforced ? List.of("deny", "warn") : List.of("warn"));
            decision.get("reasons").forEach(r -> {
                if (r.get("waived").asBoolean()) {
                    waived.add(r);
                }
            });
        });
        assertThat(waived).as(wouldDeny.toString()).isNotEmpty();
        assertThat(waived.get(0).get("rule").asString()).isEqualTo("signature");
        assertThat(waived.get(0).get("image").asString()).startsWith(DemoGate.WAIVED_REPOSITORY + "@");
        JsonNode exception = json.readTree(mvc.perform(get("/api/v1/exceptions/" + waived.get(0).get("exceptionId").asLong())
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
        assertThat(exception.get("state").asString()).isEqualTo("approved");
        assertThat(exception.get("project").asString()).isEqualTo("ingress-gateway");

        String page = mvc.perform(get("/signing/gate").param("environment", "prod").with(user("lead").roles("SECURITY_LEAD")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-testid=\"would-deny-row\"").contains("data-testid=\"reason-waived\"");
    }

    @Test
    void theGateAdmittedTheReleasePodAndTheBreakGlassHotfixWhichRunAsAdmittedAndAreAuditedAndFlagged() throws Exception {
        String running = mvc.perform(get("/running").param("cluster", DemoGate.CLUSTER).param("namespace", DemoGate.NAMESPACE)
                .with(user("lead").roles("SECURITY_LEAD"))).andReturn().getResponse().getContentAsString();
        assertThat(running).contains(DemoGate.RELEASE_POD).contains(DemoGate.HOTFIX).contains("data-testid=\"running-admitted\"")
                .contains("not yet seen running");

        JsonNode audit = json.readTree(mvc.perform(get("/api/v1/audit-events").param("action", "admission.break_glass")
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
        assertThat(audit.get("items")).hasSize(1);
        JsonNode details = audit.get("items").get(0).get("details");
        assertThat(details.get("gateDecision").asString()).isEqualTo("deny");
        assertThat(details.get("name").asString()).isEqualTo(DemoGate.HOTFIX);
        assertThat(details.get("reason").asString()).contains("INC-2041");

        JsonNode unsigned = json.readTree(mvc.perform(get("/api/v1/gate/unsigned-running").param("project", "payments-api")
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
        List<String> flagged = new java.util.ArrayList<>();
        unsigned.forEach(u -> flagged.add(u.get("image").asString() + " " + u.get("enforced").asBoolean() + " " + u.get("seenRunning").asBoolean()));
        assertThat(flagged).contains(DemoGate.HOTFIX_IMAGE + " true false")
                .noneMatch(f -> f.startsWith(DemoSignatures.VERIFIED_IMAGE));
    }

    @Test
    void theOnCallKeyIsANewSignerOfPaymentsApiAndNearItsExpiry() throws Exception {
        JsonNode flags = json.readTree(mvc.perform(get("/api/v1/signing/signer-flags").param("project", "payments-api")
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
        assertThat(flags.get("newSigners")).hasSize(1);
        assertThat(flags.get("newSigners").get(0).get("name").asString()).isEqualTo(DemoSignatures.ON_CALL_KEY);
        assertThat(flags.get("newSigners").get(0).get("image").asString()).isEqualTo(DemoSignatures.CANARY_IMAGE);
        assertThat(flags.get("keysNearExpiry")).hasSize(1);
        assertThat(flags.get("keysNearExpiry").get(0).get("name").asString()).isEqualTo(DemoSignatures.ON_CALL_KEY);
        assertThat(flags.get("keysNearExpiry").get(0).get("daysLeft").asLong()).isBetween(11L, 12L);

        String badge = mvc.perform(get("/signing/projects/payments-api/badge").with(user("lead").roles("SECURITY_LEAD")))
                .andReturn().getResponse().getContentAsString();
        assertThat(badge).contains("new signer: " + DemoSignatures.ON_CALL_KEY).contains("key " + DemoSignatures.ON_CALL_KEY + " expires in");
    }

    private JsonNode status(String image, String project) throws Exception {
        return status(imageId(image), project);
    }

    private JsonNode status(long imageId, String project) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/images/" + imageId + "/signatures").param("project", project)
                .with(httpBasic("lead", "lead"))).andReturn().getResponse().getContentAsString());
    }

    private long imageId(String image) {
        String[] parts = image.split("@");
        return jdbc.sql("select id from image where repository = :r and digest = :d").param("r", parts[0]).param("d", parts[1])
                .query(Long.class).single();
    }
}
