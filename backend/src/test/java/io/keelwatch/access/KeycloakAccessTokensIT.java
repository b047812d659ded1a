package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeycloakIntegrationTest;
import io.keelwatch.testsupport.KeycloakTestServer;
import io.keelwatch.testsupport.MovableClock;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * API calls with access tokens from a real Keycloak (the compose realm): people get the role and
 * teams their realm roles and groups map to, the CI client's client-credentials token uploads to
 * its team only, and tokens of another issuer, for another audience, with a broken signature or
 * past their expiry are refused with problem details — and audited without the token.
 */
@KeycloakIntegrationTest
class KeycloakAccessTokensIT {

    private static final String WEB = "keelwatch-web";
    private static final String WEB_SECRET = "keelwatch-web-dev-secret";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    AccessService access;
    @Autowired
    InventoryService inventory;
    @Autowired
    ScanImportService imports;
    @Autowired
    ApiTokenService apiTokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MovableClock clock;

    private final KeycloakTestServer keycloak = KeycloakTestServer.get();
    private TeamSummary payments;
    private ProjectRef paymentsProject;
    private ProjectRef platformProject;

    @BeforeEach
    void teamsWithImportedReports() {
        payments = team("payments");
        TeamSummary platform = team("platform");
        paymentsProject = projectWithReport(payments);
        platformProject = projectWithReport(platform);
    }

    @Test
    void developerTokenSeesPaymentsFindingsButNotAnotherTeams() throws Exception {
        String dev = keycloak.passwordToken(WEB, WEB_SECRET, "dev", "dev");
        mvc.perform(get("/api/v1/findings").param("project", paymentsProject.slug()).with(bearer(dev)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(6));
        mvc.perform(get("/api/v1/findings").param("project", platformProject.slug()).with(bearer(dev)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/findings/" + firstFindingId(platformProject)).with(bearer(dev)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));

        Map<String, Object> account = externalAccount("dev");
        assertThat(account).containsEntry("role", "DEVELOPER").containsEntry("external_issuer", keycloak.issuer())
                .containsEntry("password_hash", null).containsEntry("teams", "payments");
    }

    @Test
    void leadTokenIsASecurityLeadWhoSeesEveryTeam() throws Exception {
        String lead = keycloak.passwordToken(WEB, WEB_SECRET, "lead", "lead");
        mvc.perform(get("/api/v1/findings/" + firstFindingId(platformProject)).with(bearer(lead)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.project").value(platformProject.slug()));
        assertThat(externalAccount("lead")).containsEntry("role", "SECURITY_LEAD");
    }

    @Test
    void ciClientUploadsToItsTeamOnlyAndMayDoNothingElse() throws Exception {
        String ci = keycloak.clientCredentialsToken("keelwatch-ci", "keelwatch-ci-dev-secret");
        ProjectRef fresh = inventory.createProject(payments.id(), "payments-ci-" + SEQUENCE.incrementAndGet(), "CI target", "tier2");
        upload(ci, fresh.slug()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(6));
        upload(ci, platformProject.slug()).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        // its only scope is scans:write: no reading, no administration
        mvc.perform(get("/api/v1/findings").with(bearer(ci)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        mvc.perform(get("/api/v1/teams").with(bearer(ci))).andExpect(status().isForbidden());

        Map<String, Object> account = externalAccount("keelwatch-ci");
        assertThat(account).containsEntry("role", "DEVELOPER").containsEntry("teams", "payments")
                .containsEntry("password_hash", null);
    }

    @Test
    void tokenOfAnotherRealmIsRefused() throws Exception {
        assertRefused(keycloak.masterRealmToken());
    }

    @Test
    void tokenSignedByTheRealmButNamingAnotherIssuerIsRefused() throws Exception {
        // Keycloak names the issuer after the URL it was asked under: same realm, same keys, other "iss".
        String otherIssuer = keycloak.clientCredentialsToken(keycloak.url().replace("localhost", "127.0.0.1"),
                "keelwatch-ci", "keelwatch-ci-dev-secret");
        assertRefused(otherIssuer).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("iss")));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() throws Exception {
        ensureClient("keelwatch-other", Map.of());
        String other = keycloak.clientCredentialsToken("keelwatch-other", "keelwatch-other-test-secret");
        assertRefused(other).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("aud")));
    }

    @Test
    void tokenWithABrokenSignatureIsRefused() throws Exception {
        String[] parts = keycloak.passwordToken(WEB, WEB_SECRET, "dev", "dev").split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x5a;
        assertRefused(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    }

    @Test
    void tokenPastItsExpiryIsRefused() throws Exception {
        String token = keycloak.passwordToken(WEB, WEB_SECRET, "dev", "dev");
        Instant expiry = Instant.ofEpochSecond(tools.jackson.databind.json.JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("exp").asLong());
        try {
            clock.moveTo(expiry.minusSeconds(1));
            mvc.perform(get("/api/v1/findings").with(bearer(token))).andExpect(status().isOk());
            clock.moveTo(expiry.plusSeconds(1));
            assertRefused(token).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("expired")));
        } finally {
            clock.reset();
        }
    }

    @Test
    void personWithoutAKeelwatchRoleIsRefusedWithAReason() throws Exception {
        String username = "norole" + SEQUENCE.incrementAndGet();
        keycloak.createUser(username, "no-role-password", List.of());
        String token = keycloak.passwordToken(WEB, WEB_SECRET, username, "no-role-password");
        mvc.perform(get("/api/v1/findings").with(bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no Keelwatch role")));
        assertThat(jdbc.sql("select count(*) from app_user where username = :u").param("u", username).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sign-in' and outcome = 'failure' and actor = :u")
                .param("u", username).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void keycloakIdentityNeverTakesOverALocalAccountOfTheSameName() throws Exception {
        if (!access.hasUser("auditor")) {
            access.createLocalUser("auditor", "Local auditor", "local-auditor-password", Role.AUDITOR, List.of());
        }
        String auditor = keycloak.passwordToken(WEB, WEB_SECRET, "auditor", "auditor");
        mvc.perform(get("/api/v1/findings/" + firstFindingId(platformProject)).with(bearer(auditor))).andExpect(status().isOk());
        String externalName = jdbc.sql("select username from app_user where external_issuer = :issuer and display_name = 'Avery Auditor'")
                .param("issuer", keycloak.issuer()).query(String.class).single();
        assertThat(externalName).matches("auditor-[0-9a-f]{6}");
        assertThat(jdbc.sql("select password_hash is not null and external_subject is null from app_user where username = 'auditor'")
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void apiTokensAndPasswordsStillWorkBesideKeycloak() throws Exception {
        String username = "local-dev-" + SEQUENCE.incrementAndGet();
        long id = access.createLocalUser(username, "Local developer", "local-dev-password", Role.DEVELOPER, List.of(payments.id()));
        String secret = apiTokens.create(new NewApiToken("local", null, null, List.of("read"), null),
                new Viewer(id, username, Role.DEVELOPER, Set.of(payments.id()))).secret();
        mvc.perform(get("/api/v1/findings").param("project", paymentsProject.slug()).with(bearer(secret)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(6));
        mvc.perform(get("/api/v1/findings").param("project", paymentsProject.slug()).with(httpBasic(username, "local-dev-password")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/findings").with(bearer("kw_notARealToken")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("The bearer token is not a Keelwatch API token."));
    }

    private ResultActions assertRefused(String token) throws Exception {
        long before = rejectedJwts();
        ResultActions result = mvc.perform(get("/api/v1/findings").with(bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"));
        assertThat(rejectedJwts()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select count(*) from audit_event e where row_to_json(e)::text like '%' || :part || '%'")
                .param("part", token.substring(token.lastIndexOf('.') + 1)).query(Long.class).single())
                .as("the token is never written down").isZero();
        return result;
    }

    private long rejectedJwts() {
        return jdbc.sql("select count(*) from audit_event where action = 'token.rejected' and details->>'reason' = 'jwt_invalid'")
                .query(Long.class).single();
    }

    private ResultActions upload(String token, String project) throws Exception {
        return mvc.perform(post("/api/v1/scans").param("project", project)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Fixtures.bytes("trivy/alpine-39.json.golden"))
                .with(bearer(token)));
    }

    /** A client-credentials client with the keelwatch-api audience (made once per Keycloak). */
    private void ensureClient(String clientId, Map<String, String> attributes) {
        synchronized (KeycloakAccessTokensIT.class) {
            if (CLIENTS.add(clientId)) {
                Map<String, Object> client = new java.util.LinkedHashMap<>();
                client.put("clientId", clientId);
                client.put("enabled", true);
                client.put("publicClient", false);
                client.put("secret", clientId + "-test-secret");
                client.put("standardFlowEnabled", false);
                client.put("serviceAccountsEnabled", true);
                client.put("attributes", attributes);
                if (!clientId.equals("keelwatch-other")) {
                    client.put("protocolMappers", List.of(Map.of("name", "audience keelwatch-api", "protocol", "openid-connect",
                            "protocolMapper", "oidc-audience-mapper",
                            "config", Map.of("included.client.audience", "keelwatch-api", "access.token.claim", "true"))));
                }
                keycloak.createClient(client);
            }
        }
    }

    private static final Set<String> CLIENTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Map<String, Object> externalAccount(String username) {
        return jdbc.sql("""
                select u.role, u.external_issuer, u.password_hash,
                       (select string_agg(t.slug, ',' order by t.slug) from team_membership m join team t on t.id = m.team_id
                        where m.user_id = u.id) as teams
                from app_user u where u.username = :username and u.external_subject is not null
                """)
                .param("username", username)
                .query().singleRow();
    }

    private long firstFindingId(ProjectRef project) throws Exception {
        String lead = keycloak.passwordToken(WEB, WEB_SECRET, "lead", "lead");
        String body = mvc.perform(get("/api/v1/findings").param("project", project.slug()).with(bearer(lead)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("items").get(0).get("id").asLong();
    }

    private TeamSummary team(String slug) {
        return access.team(slug).orElseGet(() -> access.createTeam(slug, slug));
    }

    private ProjectRef projectWithReport(TeamSummary team) {
        ProjectRef project = inventory.createProject(team.id(), team.slug() + "-kc-" + SEQUENCE.incrementAndGet(), "App", "tier2");
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/alpine-39.json.golden")), project.slug(), null,
                new Viewer(0, "lead", Role.SECURITY_LEAD, Set.of()));
        return project;
    }
}
