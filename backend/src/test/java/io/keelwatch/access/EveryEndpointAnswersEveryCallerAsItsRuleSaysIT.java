package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.projects.ProjectService;
import io.keelwatch.inventory.rules.RepositoryRuleService;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.NewIncident;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proof of the access rules: every endpoint Spring MVC maps (read from the handler mapping, so
 * a new one is in the matrix the moment it exists) called by every kind of caller, each answer
 * checked against the endpoint's rule in {@link #RULES}. An endpoint missing from that table fails
 * the test: nobody adds an endpoint without deciding who may call it. Records in the paths belong
 * to team alpha; the developer of team beta must get 404 for them and must never see any of
 * alpha's identifying strings (project slug, image repository and digest, finding and scan ids).
 * Write calls carry bodies that succeed for an allowed caller (a real Trivy report for uploads),
 * so "allowed" means a 2xx, not merely "not refused".
 */
@KeelwatchIntegrationTest
class EveryEndpointAnswersEveryCallerAsItsRuleSaysIT {

    /** Who may call an endpoint; {@link #expected} turns a rule and a caller into the answer. */
    enum Rule {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** The error page, reached by the container's error dispatch; called directly it has no error to show (404). */
        ERROR_DISPATCH,
        /** A page for anyone signed in. */
        PAGE,
        /** A page showing one of alpha's records: whoever sees alpha; others get 404. */
        PAGE_ALPHA_RECORD,
        /** The upload form: people who may import. */
        PAGE_IMPORT,
        /** Uploading into an alpha project from the browser. */
        PAGE_IMPORT_ALPHA,
        /** Creating one's own token in the browser: anyone but auditors. */
        PAGE_CREATE_TOKEN,
        /** Revoking one's own token in the browser: only its owner (alice). */
        PAGE_OWN_TOKEN,
        /** The audit log page and its download: auditors, security leads and admins. */
        PAGE_AUDIT,
        /** Administration pages (teams, accounts, memberships): admins only; a change answers with a redirect. */
        PAGE_ADMIN,
        /** API reads: people, tokens with {@code read}. */
        READ,
        /** An API read of one of alpha's records. */
        READ_ALPHA_RECORD,
        /** Uploading a report into an alpha project over the API: needs {@code scans:write}. */
        IMPORT_ALPHA,
        /** Administration: admins, their {@code admin} tokens. */
        ADMIN,
        /** Creating a token: anyone but auditors in person; tokens only with {@code admin}. */
        CREATE_TOKEN,
        /** Listing one's tokens: anyone in person; tokens only with {@code admin}. */
        MANAGE_TOKENS,
        /** One of alice's tokens: alice and admins; others 404. */
        OWN_TOKEN,
        /** The audit log over the API: auditors, security leads and admins; tokens need {@code read}. */
        AUDIT,
        /** A page for people who may triage ({@code canTriage}): anyone but auditors. */
        PAGE_TRIAGE,
        /**
         * Changing one of alpha's findings, proposing an exception for or importing OpenVEX into alpha's
         * project, editing one of alpha's exceptions (a proposal of alice's) over the API: people who may
         * change alpha's findings, tokens with {@code scans:write}; auditors 403, the beta developer 404.
         */
        TRIAGE_ALPHA,
        /** The triage form of one of alpha's findings: answers with the page; auditors 403, the beta developer 404. */
        PAGE_TRIAGE_ALPHA,
        /**
         * Bulk triage of alpha's project over the API: as {@link #TRIAGE_ALPHA}, but a filter selects only what
         * the caller sees, so the beta developer's call succeeds and changes nothing (as for a project that does not exist).
         */
        BULK_ALPHA,
        /** Bulk triage of alpha's project in the browser: a redirect to the list; the beta developer's changes nothing. */
        PAGE_BULK_ALPHA,
        /** Proposing an exception for alpha's project in the browser: a redirect; the beta developer's is refused (flash error). */
        PAGE_PROPOSE_ALPHA,
        /**
         * Editing one of alpha's exceptions (a proposal of alice's) in the browser: a redirect back to its page for
         * its proposer, leads and admins; auditors 403, the beta developer 404.
         */
        PAGE_EDIT_ALPHA,
        /**
         * Importing an OpenVEX document into alpha's project from the upload page: a redirect to the project's
         * exceptions for those who may change alpha's findings; auditors 403, the beta developer 404.
         */
        PAGE_OPENVEX_ALPHA,
        /** Approving, rejecting, revoking an exception of alpha's: leads and admins; their tokens need {@code scans:write}. */
        DECIDE,
        /** The same in the browser: a redirect to the exceptions page for leads and admins, 403 for everyone else. */
        PAGE_DECIDE,
        /**
         * Environments, clusters and namespace rules over the API (create, change, delete): leads and admins, their
         * tokens with {@code inventory:write}; developers and auditors 403 (the beta developer before any lookup).
         */
        MANAGE_CLUSTERS,
        /** The same in the browser: a redirect back to the page for leads and admins, 403 for everyone else. */
        PAGE_MANAGE_CLUSTERS,
        /**
         * Creating and changing alpha's projects and their repository rules over the API: leads, admins and alpha's
         * developers (the installation lets developers manage their team's projects), tokens with {@code projects:write};
         * auditors 403, the beta developer 404 (alpha's team and projects are missing to them).
         */
        MANAGE_PROJECTS_ALPHA,
        /** The same in the browser: the form or a redirect to the project for those allowed; auditors 403, the beta developer 404. */
        PAGE_MANAGE_PROJECTS_ALPHA,
        /** Archiving and unarchiving a project of alpha's: leads and admins, their tokens with {@code projects:write}; everyone else 403. */
        ARCHIVE_PROJECTS,
        /** The same in the browser: a redirect to the project for leads and admins, 403 for everyone else. */
        PAGE_ARCHIVE_PROJECTS,
        /**
         * Posting what runs in the matrix cluster (a Pod running alpha's image in alpha's namespace): leads and admins,
         * their tokens with {@code inventory:write}; developers and auditors 403. The answer is counts only.
         */
        REPORT_WORKLOADS,
        /** A person's own settings (the time zone): every person; a change answers with a redirect. */
        PAGE_OWN_SETTINGS,
        /**
         * Posting a Falco event for the matrix cluster (into alpha's namespace): leads and admins, their tokens with
         * {@code alerts:write}; developers and auditors 403.
         */
        WRITE_ALERTS,
        /**
         * Opening an incident of alpha's alerts and changing one of alpha's incidents over the API: people who may change
         * alpha's incidents (leads, admins, alpha's developers), tokens with {@code alerts:write}; auditors 403, the beta
         * developer 404 (alpha's alerts and incidents are missing to them).
         */
        INCIDENT_ALPHA,
        /** The same in the browser: a redirect to the incident's page; auditors 403, the beta developer 404. */
        PAGE_INCIDENT_ALPHA,
        /**
         * Trusting and revoking signing keys and identities of team alpha over the API: leads and admins, their tokens with
         * {@code signatures:write}; developers (alpha's too) and auditors 403.
         */
        MANAGE_SIGNING_ALPHA,
        /** The same in the browser: a redirect back to the signing page for leads and admins, 403 for everyone else. */
        PAGE_MANAGE_SIGNING,
        /**
         * Submitting a signature of an image of alpha's project: people who may write alpha's records, tokens with
         * {@code signatures:write}; auditors 403, the beta developer 404 (alpha's project is missing to them).
         */
        SUBMIT_SIGNATURES_ALPHA,
        /**
         * Creating, replacing and deleting gate policies: leads and admins, their tokens with {@code signatures:write};
         * developers and auditors 403.
         */
        MANAGE_GATE_POLICIES,
        /**
         * An admission review for the matrix cluster ({@code ?cluster=}): leads and admins, their tokens with
         * {@code admission:review}; developers and auditors 403. The answer is an AdmissionReview.
         */
        REVIEW_ADMISSION,
        /**
         * Posting Velero objects for the matrix cluster (a backup of alpha's namespace): leads and admins, their tokens with
         * {@code recovery:write}; developers and auditors 403. The answer is counts only.
         */
        REPORT_RECOVERY,
        /** Setting and removing recovery policies over the API: leads and admins, their tokens with {@code recovery:write}. */
        MANAGE_RECOVERY_POLICIES,
        /** The same in the browser: a redirect to the policies page for leads and admins, 403 for everyone else. */
        PAGE_MANAGE_RECOVERY_POLICIES,
        /**
         * Attaching evidence to a restore of alpha's namespace over the API: leads, admins and alpha's developers, tokens
         * with {@code recovery:write}; auditors 403, the beta developer 404 (the restore is missing to them).
         */
        EVIDENCE_ALPHA,
        /** The same in the browser: a redirect to the restore's page; auditors 403, the beta developer 404. */
        PAGE_EVIDENCE_ALPHA
    }

    /** Every endpoint and its rule, as "METHOD path-pattern" (plus the media type where two handlers share a path). */
    static final Map<String, Rule> RULES = Map.ofEntries(
            entry("GET /login", Rule.PUBLIC),
            entry("GET /error", Rule.ERROR_DISPATCH),
            entry("GET /v3/api-docs", Rule.PUBLIC),
            entry("GET /v3/api-docs.yaml", Rule.PUBLIC),
            entry("GET /v3/api-docs/swagger-config", Rule.PUBLIC),
            entry("GET /swagger-ui.html", Rule.PUBLIC),
            entry("GET /", Rule.PAGE),
            entry("GET /dashboard/exposure.json", Rule.PAGE),
            entry("GET /findings", Rule.PAGE),
            entry("GET /findings/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("GET /scans", Rule.PAGE),
            entry("GET /scans/upload", Rule.PAGE_IMPORT),
            entry("POST /scans/upload", Rule.PAGE_IMPORT_ALPHA),
            entry("GET /settings/tokens", Rule.PAGE),
            entry("POST /settings/tokens", Rule.PAGE_CREATE_TOKEN),
            entry("POST /settings/tokens/{id}/revoke", Rule.PAGE_OWN_TOKEN),
            entry("GET /admin", Rule.PAGE_ADMIN),
            entry("GET /account", Rule.PAGE_OWN_SETTINGS),
            entry("POST /account/time-zone", Rule.PAGE_OWN_SETTINGS),
            entry("POST /admin/teams", Rule.PAGE_ADMIN),
            entry("POST /admin/users", Rule.PAGE_ADMIN),
            entry("POST /admin/users/{id}/teams", Rule.PAGE_ADMIN),
            entry("POST /admin/users/{id}", Rule.PAGE_ADMIN),
            entry("GET /audit", Rule.PAGE_AUDIT),
            entry("GET /audit/export", Rule.PAGE_AUDIT),
            entry("GET /api/v1/findings", Rule.READ),
            entry("GET /api/v1/findings/{id}", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/scans", Rule.READ),
            entry("GET /api/v1/scans/{id}", Rule.READ_ALPHA_RECORD),
            entry("POST /api/v1/scans", Rule.IMPORT_ALPHA),
            entry("POST /api/v1/scans multipart/form-data", Rule.IMPORT_ALPHA),
            entry("POST /api/v1/tokens", Rule.CREATE_TOKEN),
            entry("GET /api/v1/tokens", Rule.MANAGE_TOKENS),
            entry("GET /api/v1/tokens/{id}", Rule.OWN_TOKEN),
            entry("DELETE /api/v1/tokens/{id}", Rule.OWN_TOKEN),
            entry("GET /api/v1/teams", Rule.ADMIN),
            entry("POST /api/v1/teams", Rule.ADMIN),
            entry("GET /api/v1/users", Rule.ADMIN),
            entry("POST /api/v1/users", Rule.ADMIN),
            entry("PUT /api/v1/users/{id}/teams", Rule.ADMIN),
            entry("PATCH /api/v1/users/{id}", Rule.ADMIN),
            entry("GET /api/v1/audit-events", Rule.AUDIT),
            entry("GET /api/v1/audit-events/export", Rule.AUDIT),
            entry("GET /findings/export.csv", Rule.PAGE),
            entry("POST /findings/bulk", Rule.PAGE_BULK_ALPHA),
            entry("POST /findings/{id}/triage", Rule.PAGE_TRIAGE_ALPHA),
            entry("GET /exceptions", Rule.PAGE),
            entry("GET /exceptions/new", Rule.PAGE_TRIAGE),
            entry("POST /exceptions", Rule.PAGE_PROPOSE_ALPHA),
            entry("POST /exceptions/mutes", Rule.PAGE_PROPOSE_ALPHA),
            entry("POST /exceptions/gate-waivers", Rule.PAGE_PROPOSE_ALPHA),
            entry("POST /exceptions/{id}/{decision:approve|reject|revoke}", Rule.PAGE_DECIDE),
            entry("GET /exceptions/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("POST /exceptions/{id}/edit", Rule.PAGE_EDIT_ALPHA),
            entry("POST /exceptions/openvex", Rule.PAGE_OPENVEX_ALPHA),
            entry("GET /projects/{slug}/openvex.json", Rule.PAGE_ALPHA_RECORD),
            entry("GET /api/v1/findings/export.csv", Rule.READ),
            entry("GET /api/v1/findings/{id}/comments", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/findings/{id}/history", Rule.READ_ALPHA_RECORD),
            entry("PATCH /api/v1/findings/{id}", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/findings/{id}/comments", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/findings/bulk", Rule.BULK_ALPHA),
            entry("GET /api/v1/exceptions", Rule.READ),
            entry("GET /api/v1/exceptions/{id}", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/exceptions/{id}/findings", Rule.READ_ALPHA_RECORD),
            entry("POST /api/v1/exceptions", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/exceptions/mutes", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/exceptions/gate-waivers", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/exceptions/openvex", Rule.TRIAGE_ALPHA),
            entry("PATCH /api/v1/exceptions/{id}", Rule.TRIAGE_ALPHA),
            entry("POST /api/v1/exceptions/{id}/approve", Rule.DECIDE),
            entry("POST /api/v1/exceptions/{id}/reject", Rule.DECIDE),
            entry("POST /api/v1/exceptions/{id}/revoke", Rule.DECIDE),
            entry("GET /api/v1/projects/{slug}/openvex", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/images/{id}/scans", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/scans/{id}/changes", Rule.READ_ALPHA_RECORD),
            entry("GET /images/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("GET /images/{id}/history.json", Rule.PAGE_ALPHA_RECORD),
            entry("GET /scans/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("GET /api/v1/environments", Rule.READ),
            entry("GET /api/v1/environments/{name}", Rule.READ),
            entry("POST /api/v1/environments", Rule.MANAGE_CLUSTERS),
            entry("PATCH /api/v1/environments/{name}", Rule.MANAGE_CLUSTERS),
            entry("PUT /api/v1/environments/order", Rule.MANAGE_CLUSTERS),
            entry("DELETE /api/v1/environments/{name}", Rule.MANAGE_CLUSTERS),
            entry("GET /api/v1/clusters", Rule.READ),
            entry("GET /api/v1/clusters/{name}", Rule.READ),
            entry("POST /api/v1/clusters", Rule.MANAGE_CLUSTERS),
            entry("PATCH /api/v1/clusters/{name}", Rule.MANAGE_CLUSTERS),
            entry("DELETE /api/v1/clusters/{name}", Rule.MANAGE_CLUSTERS),
            // rules of alpha's project in the matrix cluster: the beta developer reads the cluster's rules and
            // owners without alpha's (the leak check), as a 200
            entry("GET /api/v1/clusters/{cluster}/namespace-rules", Rule.READ),
            entry("GET /api/v1/clusters/{cluster}/namespace-owner", Rule.READ),
            entry("POST /api/v1/clusters/{cluster}/namespace-rules", Rule.MANAGE_CLUSTERS),
            entry("DELETE /api/v1/clusters/{cluster}/namespace-rules/{id}", Rule.MANAGE_CLUSTERS),
            entry("GET /environments", Rule.PAGE),
            entry("POST /environments", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /environments/{name}", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /environments/{name}/move", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /environments/{name}/delete", Rule.PAGE_MANAGE_CLUSTERS),
            entry("GET /clusters", Rule.PAGE),
            entry("GET /clusters/{name}", Rule.PAGE),
            entry("POST /clusters", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /clusters/{name}", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /clusters/{name}/delete", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /clusters/{name}/namespace-rules", Rule.PAGE_MANAGE_CLUSTERS),
            entry("POST /clusters/{name}/namespace-rules/{id}/delete", Rule.PAGE_MANAGE_CLUSTERS),
            // the beta developer's project list and match answer are 200 without alpha's project (the leak check)
            entry("GET /api/v1/projects", Rule.READ),
            entry("GET /api/v1/projects/{slug}", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/projects/{slug}/repository-rules", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/repository-rules/match", Rule.READ),
            entry("POST /api/v1/projects", Rule.MANAGE_PROJECTS_ALPHA),
            entry("PATCH /api/v1/projects/{slug}", Rule.MANAGE_PROJECTS_ALPHA),
            entry("POST /api/v1/projects/{slug}/repository-rules", Rule.MANAGE_PROJECTS_ALPHA),
            entry("DELETE /api/v1/projects/{slug}/repository-rules/{id}", Rule.MANAGE_PROJECTS_ALPHA),
            entry("POST /api/v1/projects/{slug}/archive", Rule.ARCHIVE_PROJECTS),
            entry("POST /api/v1/projects/{slug}/unarchive", Rule.ARCHIVE_PROJECTS),
            entry("GET /projects", Rule.PAGE),
            entry("GET /projects/{slug}", Rule.PAGE_ALPHA_RECORD),
            entry("GET /projects/new", Rule.PAGE_TRIAGE),
            entry("GET /projects/{slug}/edit", Rule.PAGE_MANAGE_PROJECTS_ALPHA),
            entry("POST /projects", Rule.PAGE_MANAGE_PROJECTS_ALPHA),
            entry("POST /projects/{slug}", Rule.PAGE_MANAGE_PROJECTS_ALPHA),
            entry("POST /projects/{slug}/repository-rules", Rule.PAGE_MANAGE_PROJECTS_ALPHA),
            entry("POST /projects/{slug}/repository-rules/{id}/delete", Rule.PAGE_MANAGE_PROJECTS_ALPHA),
            entry("POST /projects/{slug}/archive", Rule.PAGE_ARCHIVE_PROJECTS),
            entry("POST /projects/{slug}/unarchive", Rule.PAGE_ARCHIVE_PROJECTS),
            // alpha's image runs in alpha's namespace of the matrix cluster: beta reads the list without it
            entry("POST /api/v1/clusters/{cluster}/workloads", Rule.REPORT_WORKLOADS),
            entry("GET /api/v1/workloads", Rule.READ),
            entry("GET /running", Rule.PAGE),
            // an alert of alpha's namespace in the matrix cluster: the beta developer's list is 200 without it
            entry("POST /api/v1/alerts/falco", Rule.WRITE_ALERTS),
            entry("GET /api/v1/alerts", Rule.READ),
            entry("GET /api/v1/alerts/{id}", Rule.READ_ALPHA_RECORD),
            entry("GET /alerts", Rule.PAGE),
            entry("GET /alerts/chart.json", Rule.PAGE),
            entry("GET /alerts/{id}", Rule.PAGE_ALPHA_RECORD),
            // incidents of alpha's alerts in the matrix cluster: a fresh alert (and incident) for every write
            entry("GET /api/v1/incidents", Rule.READ),
            entry("POST /api/v1/incidents", Rule.INCIDENT_ALPHA),
            entry("GET /api/v1/incidents/{id}", Rule.READ_ALPHA_RECORD),
            entry("POST /api/v1/incidents/{id}/status", Rule.INCIDENT_ALPHA),
            entry("POST /api/v1/incidents/{id}/notes", Rule.INCIDENT_ALPHA),
            entry("POST /api/v1/incidents/{id}/owner", Rule.INCIDENT_ALPHA),
            entry("POST /api/v1/incidents/{id}/alerts", Rule.INCIDENT_ALPHA),
            entry("GET /incidents", Rule.PAGE),
            entry("GET /incidents/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("POST /incidents", Rule.PAGE_INCIDENT_ALPHA),
            entry("POST /incidents/{id}/status", Rule.PAGE_INCIDENT_ALPHA),
            entry("POST /incidents/{id}/notes", Rule.PAGE_INCIDENT_ALPHA),
            entry("POST /incidents/{id}/owner", Rule.PAGE_INCIDENT_ALPHA),
            entry("POST /incidents/{id}/alerts", Rule.PAGE_INCIDENT_ALPHA),
            // keys and identities of team alpha; the beta developer's lists are 200 without them
            entry("GET /api/v1/signing/keys", Rule.READ),
            entry("GET /api/v1/signing/keys/{id}", Rule.READ_ALPHA_RECORD),
            entry("POST /api/v1/signing/keys", Rule.MANAGE_SIGNING_ALPHA),
            entry("POST /api/v1/signing/keys/{id}/revoke", Rule.MANAGE_SIGNING_ALPHA),
            entry("GET /api/v1/signing/identities", Rule.READ),
            entry("POST /api/v1/signing/identities", Rule.MANAGE_SIGNING_ALPHA),
            entry("POST /api/v1/signing/identities/{id}/revoke", Rule.MANAGE_SIGNING_ALPHA),
            entry("GET /api/v1/signing/trust-roots", Rule.READ),
            entry("POST /api/v1/signing/trust-roots", Rule.ADMIN),
            entry("GET /api/v1/signing/signers", Rule.READ),
            entry("GET /api/v1/signing/signer-flags", Rule.READ),
            entry("POST /api/v1/signatures", Rule.SUBMIT_SIGNATURES_ALPHA),
            entry("GET /api/v1/gate/policies", Rule.READ),
            entry("GET /api/v1/gate/policies/{id}", Rule.READ),
            entry("POST /api/v1/gate/policies", Rule.MANAGE_GATE_POLICIES),
            entry("PUT /api/v1/gate/policies/{id}", Rule.MANAGE_GATE_POLICIES),
            entry("DELETE /api/v1/gate/policies/{id}", Rule.MANAGE_GATE_POLICIES),
            entry("POST /api/v1/gate", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/gate/would-deny", Rule.READ),
            entry("GET /api/v1/gate/unsigned-running", Rule.READ),
            entry("POST /api/v1/admission", Rule.REVIEW_ADMISSION),
            entry("GET /api/v1/images/{id}/signatures", Rule.READ_ALPHA_RECORD),
            entry("GET /signing", Rule.PAGE),
            entry("GET /signing/gate", Rule.PAGE),
            entry("GET /signing/projects/{slug}/badge", Rule.PAGE_ALPHA_RECORD),
            entry("POST /signing/keys", Rule.PAGE_MANAGE_SIGNING),
            entry("POST /signing/keys/{id}/revoke", Rule.PAGE_MANAGE_SIGNING),
            entry("POST /signing/identities", Rule.PAGE_MANAGE_SIGNING),
            entry("POST /signing/trust-roots", Rule.PAGE_ADMIN),
            // a backup and a restore of alpha's namespace in the matrix cluster: beta's readiness list is 200 without them
            entry("POST /api/v1/clusters/{cluster}/recovery", Rule.REPORT_RECOVERY),
            entry("GET /api/v1/recovery/readiness", Rule.READ),
            entry("GET /api/v1/recovery/backups/{id}", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/recovery/restores/{id}", Rule.READ_ALPHA_RECORD),
            entry("POST /api/v1/recovery/restores/{id}/evidence", Rule.EVIDENCE_ALPHA),
            entry("GET /api/v1/recovery/incidents/{id}/clean-restore-point", Rule.READ_ALPHA_RECORD),
            entry("GET /api/v1/recovery/rpo-history", Rule.READ),
            entry("GET /api/v1/recovery/rpo-history/namespaces", Rule.READ),
            entry("GET /api/v1/recovery/policies", Rule.READ),
            entry("POST /api/v1/recovery/policies", Rule.MANAGE_RECOVERY_POLICIES),
            entry("DELETE /api/v1/recovery/policies/{id}", Rule.MANAGE_RECOVERY_POLICIES),
            entry("GET /recovery", Rule.PAGE),
            entry("GET /recovery/backups/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("GET /recovery/restores/{id}", Rule.PAGE_ALPHA_RECORD),
            entry("POST /recovery/restores/{id}/evidence", Rule.PAGE_EVIDENCE_ALPHA),
            entry("GET /recovery/incidents/{id}/clean-restore-point", Rule.PAGE_ALPHA_RECORD),
            entry("GET /recovery/projects/{slug}/badge", Rule.PAGE_ALPHA_RECORD),
            entry("GET /recovery/rpo-chart.json", Rule.PAGE),
            entry("GET /recovery/rpo", Rule.PAGE),
            entry("GET /recovery/policies", Rule.PAGE),
            entry("POST /recovery/policies", Rule.PAGE_MANAGE_RECOVERY_POLICIES),
            entry("POST /recovery/policies/{id}/delete", Rule.PAGE_MANAGE_RECOVERY_POLICIES));

    enum Caller {
        ANONYMOUS, ADMIN, SECURITY_LEAD, ALPHA_DEVELOPER, AUDITOR, TOKEN_WITH_SCOPE, TOKEN_WITHOUT_SCOPE, BETA_DEVELOPER;

        boolean isToken() {
            return this == TOKEN_WITH_SCOPE || this == TOKEN_WITHOUT_SCOPE;
        }
    }

    /**
     * What a cell must answer. A {@code REDIRECT} carries no flash error (the page's action succeeded);
     * {@code REFUSED_REDIRECT} is a page refusing with a flash error; {@code NOTHING_CHANGED} is a bulk
     * action that succeeded without changing anything (2xx with {@code changed: 0}, or the page's redirect
     * saying "0 findings changed.").
     */
    enum Expect {
        OK, OK_OR_REDIRECT, REDIRECT, REFUSED_REDIRECT, NOTHING_CHANGED, LOGIN_REDIRECT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND
    }

    /** The scope a token needs for the rule, and whose token it is (someone whose role allows the call). */
    record TokenNeed(String owner, Scope scope) {
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    InventoryService inventory;
    @Autowired
    ProjectService projects;
    @Autowired
    RepositoryRuleService repositoryRules;
    @Autowired
    io.keelwatch.runtime.FalcoEventIngest falcoIngest;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    IncidentService incidents;
    @Autowired
    io.keelwatch.signing.SigningService signing;
    @Autowired
    io.keelwatch.signing.trust.TrustService trust;
    @Autowired
    io.keelwatch.recovery.RecoveryService recovery;
    @Autowired
    io.keelwatch.recovery.policies.PolicyService policies;

    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<TokenNeed, String> withScope = new HashMap<>();
    private final Map<TokenNeed, String> withoutScope = new HashMap<>();
    private Alpha alpha;
    private MatrixCluster matrixCluster;
    private MatrixRecovery matrixRecovery;
    private long alphaAlertId;
    private long alphaIncidentId;

    /** Alpha's records the paths point at, and the strings that identify them. */
    record Alpha(String slug, String repository, String digest, byte[] report, Set<Long> findingIds, long findingId,
            long scanId, long imageId, long userId, String vulnerability) {
    }

    /** The exceptions of alpha's project the matrix created (the paths' and the bodies'), which nobody outside alpha may see. */
    private final Set<Long> alphaExceptionIds = new TreeSet<>();
    /** The decision the next {@code {decision}} path takes, in turn. */
    private final AtomicInteger decisions = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> everyEndpointAsEveryCaller() throws Exception {
        alpha = alphaRecords();
        matrixCluster = matrixCluster();
        alphaAlertId = alphaAlert();
        alphaIncidentId = alphaIncident();
        matrixRecovery = matrixRecovery();
        betaRecords();
        Set<String> endpoints = endpoints();
        List<String> unruled = endpoints.stream().filter(e -> !RULES.containsKey(e)).toList();
        List<String> gone = RULES.keySet().stream().filter(e -> !endpoints.contains(e)).sorted().toList();
        int cells = endpoints.size() * Caller.values().length;
        System.out.printf("Access matrix: %d endpoints x %d callers = %d cells%n", endpoints.size(), Caller.values().length, cells);

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every mapped endpoint has a rule", () -> assertThat(unruled)
                .as("endpoints without a rule in RULES: decide who may call them").isEmpty()));
        tests.add(DynamicTest.dynamicTest("every rule names a mapped endpoint", () -> assertThat(gone)
                .as("rules for endpoints that no longer exist").isEmpty()));
        for (String endpoint : endpoints) {
            Rule rule = RULES.get(endpoint);
            if (rule == null) {
                continue;
            }
            for (Caller caller : Caller.values()) {
                tests.add(DynamicTest.dynamicTest(endpoint + " as " + caller, () -> cell(endpoint, rule, caller)));
            }
        }
        return tests.stream();
    }

    private void cell(String endpoint, Rule rule, Caller caller) throws Exception {
        Expect expect = expected(rule, caller, endpoint.contains(" /api/"));
        MvcResult result = mvc.perform(requestFor(endpoint, rule, caller)).andReturn();
        MockHttpServletResponse response = result.getResponse();
        String body = response.getContentAsString();
        int status = response.getStatus();
        String where = endpoint + " as " + caller + " (rule " + rule + ")";
        boolean redirect = status >= 300 && status < 400 && !String.valueOf(response.getRedirectedUrl()).endsWith("/login");
        Map<String, Object> flash = result.getFlashMap() == null ? Map.of() : result.getFlashMap();
        boolean flashError = flash.containsKey("error");
        boolean matches = switch (expect) {
            case OK -> status >= 200 && status < 300;
            case OK_OR_REDIRECT -> status >= 200 && status < 300 || redirect;
            case REDIRECT -> redirect && !flashError;
            case REFUSED_REDIRECT -> redirect && flashError;
            case NOTHING_CHANGED -> endpoint.contains(" /api/")
                    ? status >= 200 && status < 300 && json.readTree(body).path("changed").asInt(-1) == 0
                    : redirect && !flashError && String.valueOf(flash.get("message")).startsWith("0 findings changed: ");
            case LOGIN_REDIRECT -> status == 302 && String.valueOf(response.getRedirectedUrl()).endsWith("/login");
            case UNAUTHORIZED -> status == 401;
            case FORBIDDEN -> status == 403;
            case NOT_FOUND -> status == 404;
        };
        if (!matches) {
            fail(where + ": expected " + expect + " but got " + status + " " + response.getRedirectedUrl() + " "
                    + flash + " " + body.substring(0, Math.min(300, body.length())));
        }
        if (caller == Caller.BETA_DEVELOPER || caller == Caller.ANONYMOUS) {
            assertThat(leaks(withoutEchoes(body, endpoint, result.getRequest())))
                    .as(where + ": alpha's data in the answer").isEmpty();
        }
    }

    static Expect expected(Rule rule, Caller caller, boolean api) {
        if (rule == Rule.PUBLIC) {
            return Expect.OK_OR_REDIRECT; // swagger-ui.html redirects to its index page
        }
        if (rule == Rule.ERROR_DISPATCH) {
            return Expect.NOT_FOUND; // called directly there is no error to show: nothing here, never a 500
        }
        if (caller == Caller.ANONYMOUS) {
            return api ? Expect.UNAUTHORIZED : Expect.LOGIN_REDIRECT;
        }
        if (!api && caller.isToken()) {
            return Expect.LOGIN_REDIRECT; // pages honour no API token: the caller is anonymous there
        }
        if (caller == Caller.TOKEN_WITHOUT_SCOPE) {
            return Expect.FORBIDDEN;
        }
        return switch (rule) {
            case PAGE, MANAGE_TOKENS -> Expect.OK;
            case READ -> Expect.OK;
            case PAGE_ALPHA_RECORD, READ_ALPHA_RECORD -> caller == Caller.BETA_DEVELOPER ? Expect.NOT_FOUND : Expect.OK;
            case PAGE_IMPORT -> caller == Caller.AUDITOR ? Expect.FORBIDDEN : Expect.OK;
            case PAGE_IMPORT_ALPHA, IMPORT_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> Expect.OK;
            };
            case PAGE_CREATE_TOKEN, CREATE_TOKEN -> caller == Caller.AUDITOR ? Expect.FORBIDDEN : Expect.OK;
            case PAGE_OWN_TOKEN -> caller == Caller.ALPHA_DEVELOPER ? Expect.REDIRECT : Expect.NOT_FOUND;
            case OWN_TOKEN -> switch (caller) {
                case ALPHA_DEVELOPER, ADMIN, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.NOT_FOUND;
            };
            case ADMIN -> caller == Caller.ADMIN || caller == Caller.TOKEN_WITH_SCOPE ? Expect.OK : Expect.FORBIDDEN;
            case PAGE_ADMIN -> caller == Caller.ADMIN ? Expect.OK_OR_REDIRECT : Expect.FORBIDDEN;
            case PAGE_OWN_SETTINGS -> Expect.OK_OR_REDIRECT;
            case PAGE_AUDIT, AUDIT -> switch (caller) {
                case ADMIN, AUDITOR, SECURITY_LEAD, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.FORBIDDEN;
            };
            case PAGE_TRIAGE -> caller == Caller.AUDITOR ? Expect.FORBIDDEN : Expect.OK;
            case TRIAGE_ALPHA, PAGE_TRIAGE_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> Expect.OK;
            };
            case BULK_ALPHA, PAGE_BULK_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOTHING_CHANGED;
                default -> api ? Expect.OK : Expect.REDIRECT;
            };
            case PAGE_PROPOSE_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.REFUSED_REDIRECT;
                default -> Expect.REDIRECT;
            };
            case PAGE_OPENVEX_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> Expect.REDIRECT;
            };
            case PAGE_EDIT_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> Expect.REDIRECT;
            };
            case MANAGE_CLUSTERS, PAGE_MANAGE_CLUSTERS -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> api ? Expect.OK : Expect.REDIRECT;
                default -> Expect.FORBIDDEN;
            };
            case MANAGE_PROJECTS_ALPHA, PAGE_MANAGE_PROJECTS_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> api ? Expect.OK : Expect.OK_OR_REDIRECT;
            };
            case MANAGE_GATE_POLICIES, REVIEW_ADMISSION -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.FORBIDDEN;
            };
            case WRITE_ALERTS -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.FORBIDDEN;
            };
            case REPORT_RECOVERY -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.FORBIDDEN;
            };
            case MANAGE_RECOVERY_POLICIES, PAGE_MANAGE_RECOVERY_POLICIES -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> api ? Expect.OK : Expect.REDIRECT;
                default -> Expect.FORBIDDEN;
            };
            case EVIDENCE_ALPHA, PAGE_EVIDENCE_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> api ? Expect.OK : Expect.REDIRECT;
            };
            case INCIDENT_ALPHA, PAGE_INCIDENT_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> api ? Expect.OK : Expect.REDIRECT;
            };
            case MANAGE_SIGNING_ALPHA, PAGE_MANAGE_SIGNING -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> api ? Expect.OK : Expect.REDIRECT;
                default -> Expect.FORBIDDEN;
            };
            case SUBMIT_SIGNATURES_ALPHA -> switch (caller) {
                case AUDITOR -> Expect.FORBIDDEN;
                case BETA_DEVELOPER -> Expect.NOT_FOUND;
                default -> Expect.OK;
            };
            case ARCHIVE_PROJECTS, PAGE_ARCHIVE_PROJECTS -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> api ? Expect.OK : Expect.REDIRECT;
                default -> Expect.FORBIDDEN;
            };
            case REPORT_WORKLOADS -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> Expect.OK;
                default -> Expect.FORBIDDEN;
            };
            case DECIDE, PAGE_DECIDE -> switch (caller) {
                case ADMIN, SECURITY_LEAD, TOKEN_WITH_SCOPE -> api ? Expect.OK : Expect.REDIRECT;
                default -> Expect.FORBIDDEN; // developers (alpha's too, and beta's before any lookup) and auditors
            };
            case PUBLIC, ERROR_DISPATCH -> throw new IllegalStateException("handled above");
        };
    }

    /** The token a rule's "with scope" and "without scope" callers use. */
    static TokenNeed tokenNeed(Rule rule) {
        return switch (rule) {
            case IMPORT_ALPHA, TRIAGE_ALPHA, BULK_ALPHA -> new TokenNeed(TestWorld.ALICE, Scope.SCANS_WRITE);
            case DECIDE -> new TokenNeed(TestWorld.LEAD, Scope.SCANS_WRITE);
            case MANAGE_CLUSTERS, REPORT_WORKLOADS -> new TokenNeed(TestWorld.LEAD, Scope.INVENTORY_WRITE);
            case MANAGE_PROJECTS_ALPHA -> new TokenNeed(TestWorld.ALICE, Scope.PROJECTS_WRITE);
            case ARCHIVE_PROJECTS -> new TokenNeed(TestWorld.LEAD, Scope.PROJECTS_WRITE);
            case WRITE_ALERTS -> new TokenNeed(TestWorld.LEAD, Scope.ALERTS_WRITE);
            case INCIDENT_ALPHA -> new TokenNeed(TestWorld.ALICE, Scope.ALERTS_WRITE);
            case MANAGE_SIGNING_ALPHA, MANAGE_GATE_POLICIES -> new TokenNeed(TestWorld.LEAD, Scope.SIGNATURES_WRITE);
            case REVIEW_ADMISSION -> new TokenNeed(TestWorld.LEAD, Scope.ADMISSION_REVIEW);
            case SUBMIT_SIGNATURES_ALPHA -> new TokenNeed(TestWorld.ALICE, Scope.SIGNATURES_WRITE);
            case REPORT_RECOVERY, MANAGE_RECOVERY_POLICIES -> new TokenNeed(TestWorld.LEAD, Scope.RECOVERY_WRITE);
            case EVIDENCE_ALPHA -> new TokenNeed(TestWorld.ALICE, Scope.RECOVERY_WRITE);
            case ADMIN, CREATE_TOKEN, MANAGE_TOKENS, OWN_TOKEN -> new TokenNeed(TestWorld.ADMIN, Scope.ADMIN);
            case AUDIT -> new TokenNeed(TestWorld.ADMIN, Scope.READ);
            default -> new TokenNeed(TestWorld.ALICE, Scope.READ);
        };
    }

    private AbstractMockHttpServletRequestBuilder<?> requestFor(String endpoint, Rule rule, Caller caller) throws Exception {
        String[] parts = endpoint.split(" ");
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String path = parts[1].contains("{name}") || parts[1].contains("{cluster}") ? fillInventory(method, parts[1]) : fill(parts[1]);
        boolean multipartUpload = parts.length > 2 || endpoint.equals("POST /scans/upload");
        AbstractMockHttpServletRequestBuilder<?> builder = endpoint.equals("POST /exceptions/openvex")
                ? multipart(path).file(new MockMultipartFile("file", "vex.json", MediaType.APPLICATION_JSON_VALUE,
                        Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))).param("project", alpha.slug())
                : multipartUpload
                ? multipart(path).file(new MockMultipartFile("file", "report.json", MediaType.APPLICATION_JSON_VALUE, alpha.report()))
                : request(method, path);
        body(endpoint, builder);
        boolean api = path.startsWith("/api/");
        if (!api && method != HttpMethod.GET) {
            builder.with(csrf());
        }
        switch (caller) {
            case ANONYMOUS -> { }
            case TOKEN_WITH_SCOPE -> builder.with(bearer(token(tokenNeed(rule), true)));
            case TOKEN_WITHOUT_SCOPE -> builder.with(bearer(token(tokenNeed(rule), false)));
            default -> {
                String username = username(caller);
                builder.with(api ? httpBasic(username, TestWorld.PASSWORD) : user(username).roles(role(caller).name()));
            }
        }
        return builder;
    }

    private void body(String endpoint, AbstractMockHttpServletRequestBuilder<?> builder) {
        int n = sequence.incrementAndGet();
        String unique = "m" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + n;
        switch (endpoint) {
            case "POST /scans/upload", "POST /api/v1/scans multipart/form-data" -> builder.param("project", alpha.slug());
            case "POST /api/v1/scans" -> builder.param("project", alpha.slug()).contentType(MediaType.APPLICATION_JSON).content(alpha.report());
            case "POST /settings/tokens" -> builder.param("name", "matrix " + n).param("scopes", "read");
            case "POST /admin/teams" -> builder.param("slug", unique).param("name", "Matrix " + n);
            case "POST /admin/users" -> builder.param("username", unique).param("displayName", "M")
                    .param("password", "matrix-password-1").param("role", "DEVELOPER").param("teams", "alpha");
            case "POST /admin/users/{id}/teams" -> builder.param("teams", "alpha");
            case "POST /admin/users/{id}" -> builder.param("role", "AUDITOR").param("enabled", "true");
            case "POST /api/v1/tokens" -> json(builder, "{\"name\":\"matrix " + n + "\",\"scopes\":[\"read\"]}");
            case "POST /api/v1/teams" -> json(builder, "{\"slug\":\"" + unique + "\",\"name\":\"Matrix " + n + "\"}");
            case "POST /api/v1/users" -> json(builder, "{\"username\":\"" + unique + "\",\"displayName\":\"M\","
                    + "\"password\":\"matrix-password-1\",\"role\":\"DEVELOPER\",\"teams\":[\"alpha\"]}");
            case "PUT /api/v1/users/{id}/teams" -> json(builder, "{\"teams\":[\"alpha\"]}");
            case "PATCH /api/v1/users/{id}" -> json(builder, "{\"role\":\"AUDITOR\"}");
            case "POST /api/v1/environments", "PATCH /api/v1/environments/{name}" -> json(builder, "{\"name\":\"" + unique + "\"}");
            case "PUT /api/v1/environments/order" -> {
                List<String> order = new ArrayList<>(inventory.environments().stream().map(EnvironmentSummary::name).toList());
                Collections.reverse(order);
                json(builder, json.writeValueAsString(Map.of("environments", order)));
            }
            case "POST /api/v1/clusters" -> json(builder, "{\"name\":\"" + unique + "\",\"environment\":\""
                    + matrixCluster.environment() + "\"}");
            case "PATCH /api/v1/clusters/{name}" -> json(builder, "{\"description\":\"matrix " + n + "\"}");
            case "POST /api/v1/clusters/{cluster}/namespace-rules" -> json(builder, "{\"pattern\":\"" + unique
                    + "-*\",\"project\":\"" + alpha.slug() + "\"}");
            case "POST /api/v1/clusters/{cluster}/workloads" -> json(builder, alphaPod("matrix-" + n, matrixCluster.alphaNamespace()));
            case "GET /api/v1/clusters/{cluster}/namespace-owner", "GET /clusters/{name}" ->
                    builder.param("namespace", matrixCluster.alphaNamespace());
            case "POST /environments" -> builder.param("name", unique);
            case "POST /environments/{name}" -> builder.param("newName", unique);
            case "POST /environments/{name}/move" -> builder.param("direction", "up");
            case "POST /clusters" -> builder.param("name", unique).param("environment", matrixCluster.environment());
            case "POST /clusters/{name}" -> builder.param("description", "matrix " + n);
            case "POST /clusters/{name}/namespace-rules" -> builder.param("pattern", unique + "-*").param("project", alpha.slug());
            case "GET /api/v1/audit-events/export", "GET /audit/export" -> builder.param("format", "csv");
            case "GET /api/v1/images/{id}/scans", "GET /images/{id}", "GET /images/{id}/history.json" -> builder.param("project", alpha.slug());
            case "PATCH /api/v1/findings/{id}" -> json(builder, "{\"status\":\"in_progress\",\"comment\":\"matrix " + n + "\"}");
            case "POST /api/v1/findings/{id}/comments" -> json(builder, "{\"body\":\"matrix " + n + "\"}");
            case "POST /findings/{id}/triage" -> builder.param("status", "in_progress").param("comment", "matrix " + n);
            case "POST /api/v1/findings/bulk" -> json(builder.param("project", alpha.slug()), "{\"status\":\"in_progress\"}");
            case "POST /findings/bulk" -> builder.param("project", alpha.slug()).param("bulkStatus", "in_progress")
                    .param("confirmed", "true");
            case "POST /api/v1/exceptions" -> json(builder, exceptionProposal(n));
            case "POST /api/v1/exceptions/mutes" -> json(builder, "{\"project\":\"" + alpha.slug()
                    + "\",\"rule\":\"Terminal shell in container\",\"kind\":\"false_positive\",\"justification\":\"matrix " + n
                    + "\",\"expiresAt\":\"" + java.time.OffsetDateTime.now().plusDays(30) + "\"}");
            // proposed from an alert's page (an id: a refusal goes back to it with the message)
            case "POST /exceptions/mutes" -> builder.param("scope", "project:" + alpha.slug()).param("rule", "Terminal shell in container")
                    .param("kind", "false_positive").param("justification", "matrix " + n)
                    .param("expiresOn", java.time.LocalDate.now().plusDays(30).toString()).param("alert", "1");
            case "POST /api/v1/exceptions/gate-waivers" -> json(builder, "{\"project\":\"" + alpha.slug()
                    + "\",\"rule\":\"signature\",\"imagePattern\":\"" + alpha.repository() + "\",\"kind\":\"risk_accepted\","
                    + "\"justification\":\"matrix " + n + "\",\"expiresAt\":\"" + java.time.OffsetDateTime.now().plusDays(30) + "\"}");
            case "POST /exceptions/gate-waivers" -> builder.param("project", alpha.slug()).param("rule", "signature")
                    .param("kind", "risk_accepted").param("justification", "matrix " + n)
                    .param("expiresOn", java.time.LocalDate.now().plusDays(30).toString());
            case "POST /exceptions" -> builder.param("scope", "project:" + alpha.slug()).param("matchId", alpha.vulnerability())
                    .param("kind", "false_positive").param("justification", "matrix " + n);
            case "PATCH /api/v1/exceptions/{id}" -> json(builder, "{\"justification\":\"matrix edit " + n + "\"}");
            case "POST /exceptions/{id}/edit" -> builder.param("justification", "matrix edit " + n);
            case "POST /api/v1/projects" -> json(builder, "{\"team\":\"alpha\",\"slug\":\"" + unique + "\",\"name\":\"Matrix " + n + "\"}");
            case "PATCH /api/v1/projects/{slug}" -> json(builder, "{\"description\":\"matrix " + n + "\"}");
            case "POST /api/v1/projects/{slug}/repository-rules" -> json(builder, "{\"pattern\":\"registry.example/" + unique + "-*\"}");
            case "GET /api/v1/repository-rules/match", "GET /projects" -> builder.param("repository", alpha.repository());
            case "POST /projects" -> builder.param("team", "alpha").param("slug", unique).param("name", "Matrix " + n);
            case "POST /projects/{slug}" -> builder.param("name", "Matrix " + n).param("description", "matrix " + n);
            case "POST /projects/{slug}/repository-rules" -> builder.param("pattern", "registry.example/" + unique + "-*");
            case "POST /api/v1/exceptions/openvex" -> builder.param("project", alpha.slug()).contentType(MediaType.APPLICATION_JSON)
                    .content(Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"));
            case "POST /api/v1/signing/keys" -> json(builder, json.writeValueAsString(Map.of("name", "matrix " + n,
                    "publicKey", freshPublicKey(), "scope", "team", "team", "alpha")));
            case "POST /api/v1/signing/identities" -> json(builder, "{\"issuer\":\"https://issuer.example\",\"subject\":\"" + unique
                    + "\",\"scope\":\"team\",\"team\":\"alpha\"}");
            case "POST /api/v1/signing/trust-roots" -> json(builder, "{\"kind\":\"sigstore\",\"name\":\"" + unique
                    + "\",\"content\":\"{\\\"tlogs\\\":[]}\"}");
            case "POST /api/v1/signatures" -> json(builder, json.writeValueAsString(Map.of("image", SigningCalls.SIGSTORE_RS.image(),
                    "project", alpha.slug(), "payload", java.util.Base64.getEncoder().encodeToString(SigningCalls.SIGSTORE_RS.payload()),
                    "signature", SigningCalls.SIGSTORE_RS.signature())));
            case "GET /api/v1/images/{id}/signatures" -> builder.param("project", alpha.slug());
            case "POST /api/v1/gate/policies", "PUT /api/v1/gate/policies/{id}" -> json(builder, "{\"name\":\"" + unique
                    + "\",\"imagePattern\":\"registry.example/" + unique + "-*\",\"mode\":\"warn\","
                    + "\"authorities\":{\"anyTrustedSigner\":true}}");
            // alpha's image, which no policy matches: allowed (200) for whoever may know about it
            case "POST /api/v1/gate" -> json(builder, "{\"image\":\"" + alpha.repository() + "@" + alpha.digest()
                    + "\",\"environment\":\"" + matrixCluster.environment() + "\"}");
            case "POST /api/v1/admission" -> json(builder.param("cluster", matrixCluster.cluster()), admissionReview());
            case "POST /signing/keys" -> builder.param("name", "matrix " + n).param("publicKey", freshPublicKey()).param("scope", "team:alpha");
            case "POST /signing/identities" -> builder.param("issuer", "https://issuer.example").param("subject", unique)
                    .param("scope", "team:alpha");
            case "POST /signing/trust-roots" -> builder.param("kind", "sigstore").param("name", unique).param("content", "{\"tlogs\":[]}");
            case "POST /api/v1/alerts/falco" -> json(builder.param("cluster", matrixCluster.cluster()), falcoEvent(n));
            case "POST /api/v1/incidents" -> json(builder, "{\"title\":\"matrix " + n + "\",\"alerts\":[" + freshAlphaAlert() + "]}");
            case "POST /incidents" -> builder.param("alert", String.valueOf(freshAlphaAlert())).param("title", "matrix " + n);
            case "POST /api/v1/incidents/{id}/status" -> json(builder, "{\"status\":\"investigating\",\"note\":\"matrix " + n + "\"}");
            case "POST /incidents/{id}/status" -> builder.param("status", "investigating").param("note", "matrix " + n);
            case "POST /api/v1/incidents/{id}/notes" -> json(builder, "{\"text\":\"matrix " + n + "\"}");
            case "POST /incidents/{id}/notes" -> builder.param("text", "matrix " + n);
            case "POST /api/v1/incidents/{id}/owner" -> json(builder, "{\"owner\":\"" + TestWorld.ALICE + "\"}");
            case "POST /incidents/{id}/owner" -> builder.param("owner", TestWorld.ALICE);
            case "POST /api/v1/incidents/{id}/alerts" -> json(builder, "{\"add\":[" + freshAlphaAlert() + "]}");
            case "POST /incidents/{id}/alerts" -> builder.param("add", String.valueOf(freshAlphaAlert()));
            case "POST /api/v1/clusters/{cluster}/recovery" -> json(builder, alphaBackup("matrix-backup-" + n, "Completed"));
            case "POST /api/v1/recovery/restores/{id}/evidence" -> json(builder, "{\"passed\":true,\"note\":\"matrix " + n + "\"}");
            case "POST /recovery/restores/{id}/evidence" -> builder.param("passed", "true").param("note", "matrix " + n);
            case "POST /api/v1/recovery/policies" -> json(builder, "{\"cluster\":\"" + matrixCluster.cluster()
                    + "\",\"namespace\":\"matrix-ns-" + n + "\",\"rpo\":\"24h\",\"rto\":\"1h\"}");
            case "POST /recovery/policies" -> builder.param("cluster", matrixCluster.cluster()).param("namespace", "matrix-ns-" + n)
                    .param("rpo", "24h").param("rto", "1h");
            default -> { }
        }
    }

    /** A new P-256 public key in PEM, so each trust call adds a key of its own. */
    private static String freshPublicKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                    generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key trusted for team alpha, added by the admin. */
    private long alphaKey() {
        return signing.trustKey(new io.keelwatch.signing.NewSigningKey("matrix key " + sequence.incrementAndGet(), freshPublicKey(),
                "team", "alpha", null, null, null, null), world.admin()).id();
    }

    /** kyverno's real Pod AdmissionRequest, in the AdmissionReview v1 the API server sends it in. */
    private String admissionReview() {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + Fixtures.text("k8s/kyverno_validation_test__admissionrequest-pod-create.json") + "}";
    }

    /** A Falco event of alpha's namespace in the matrix cluster, new each time (its time). */
    private String falcoEvent(int n) {
        return ("{\"rule\":\"Terminal shell in container\",\"priority\":\"Notice\",\"time\":\"2024-05-01T10:00:%02d.%09dZ\","
                + "\"output\":\"A shell was spawned\",\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"%s\","
                + "\"k8s.pod.name\":\"web-1\",\"container.id\":\"0123456789ab\"}}").formatted(n % 60, n, matrixCluster.alphaNamespace());
    }

    private static void json(AbstractMockHttpServletRequestBuilder<?> builder, String content) {
        builder.contentType(MediaType.APPLICATION_JSON).content(content);
    }

    /** A false-positive exception of alpha's project for one of its findings' vulnerabilities. */
    private String exceptionProposal(int n) {
        return "{\"project\":\"" + alpha.slug() + "\",\"matchId\":\"" + alpha.vulnerability()
                + "\",\"kind\":\"false_positive\",\"justification\":\"matrix " + n + "\"}";
    }

    /** A fresh exception of alpha's, proposed by alice over the API (and approved by the lead when asked). */
    private long alphaException(boolean approved) throws Exception {
        MockHttpServletResponse proposed = mvc.perform(request(HttpMethod.POST, "/api/v1/exceptions")
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content(exceptionProposal(sequence.incrementAndGet()))).andReturn().getResponse();
        assertThat(proposed.getStatus()).as(proposed.getContentAsString()).isEqualTo(201);
        long id = json.readTree(proposed.getContentAsString()).get("id").asLong();
        alphaExceptionIds.add(id);
        if (approved) {
            MockHttpServletResponse decided = mvc.perform(request(HttpMethod.POST, "/api/v1/exceptions/" + id + "/approve")
                    .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andReturn().getResponse();
            assertThat(decided.getStatus()).as(decided.getContentAsString()).isEqualTo(200);
        }
        return id;
    }

    /**
     * Fills {id} with the alpha record the path names: a finding, a scan, an image, a fresh token of alice's, a user,
     * a fresh exception in the state the decision needs (proposed; approved for a revocation); {slug} with
     * alpha's project; {decision} with approve, reject and revoke in turn.
     */
    /** A backup of alpha's namespace in the matrix cluster and a restore of it. */
    record MatrixRecovery(long backupId, long restoreId) {
    }

    private MatrixRecovery matrixRecovery() {
        String restore = "{\"apiVersion\":\"velero.io/v1\",\"kind\":\"Restore\",\"metadata\":{\"name\":\"matrix-restore\"},"
                + "\"spec\":{\"backupName\":\"matrix-backup\",\"namespaceMapping\":{\"" + matrixCluster.alphaNamespace()
                + "\":\"restore-test\"}},\"status\":{\"phase\":\"Completed\",\"startTimestamp\":\"2024-05-02T10:00:00Z\","
                + "\"completionTimestamp\":\"2024-05-02T10:10:00Z\"}}";
        String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + alphaBackup("matrix-backup", "Completed") + ","
                + restore + "]}";
        recovery.report(matrixCluster.cluster(), new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
                MediaType.APPLICATION_JSON_VALUE, world.admin());
        return new MatrixRecovery(
                jdbc.sql("select id from recovery_backup where name = 'matrix-backup'").query(Long.class).single(),
                jdbc.sql("select id from recovery_restore where name = 'matrix-restore'").query(Long.class).single());
    }

    /** A Velero Backup of alpha's namespace in the matrix cluster, taken before the matrix's alerts. */
    private String alphaBackup(String name, String phase) {
        return ("{\"apiVersion\":\"velero.io/v1\",\"kind\":\"Backup\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"velero\"},"
                + "\"spec\":{\"includedNamespaces\":[\"%s\"]},\"status\":{\"phase\":\"%s\",\"startTimestamp\":\"2024-04-30T01:00:00Z\","
                + "\"completionTimestamp\":\"2024-04-30T01:05:00Z\",\"expiration\":\"2099-01-01T00:00:00Z\"}}")
                .formatted(name, matrixCluster.alphaNamespace(), phase);
    }

    /** The matrix cluster (an environment of its own, a rule giving a namespace to alpha's project) and that namespace. */
    record MatrixCluster(String environment, String cluster, String alphaNamespace) {
    }

    private MatrixCluster matrixCluster() {
        String suffix = randomHex().substring(0, 8);
        String environment = inventory.createEnvironment("matrix-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster("matrix-" + suffix, environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "alpha-" + suffix + "-*", alpha.slug(), world.admin());
        String namespace = "alpha-" + suffix + "-web";
        inventory.reportWorkloads(cluster, null, new ByteArrayInputStream(alphaPod("matrix-web", namespace)
                .getBytes(StandardCharsets.UTF_8)), MediaType.APPLICATION_JSON_VALUE, world.admin());
        return new MatrixCluster(environment, cluster, namespace);
    }

    /** k9s's Pod, renamed and moved into alpha's namespace, running alpha's image (its repository and digest). */
    private String alphaPod(String name, String namespace) {
        ObjectNode pod = (ObjectNode) json.readTree(
                Fixtures.text("k8s/k9s_render_po.json"));
        ((ObjectNode) pod.path("metadata")).put("name", name).put("namespace", namespace);
        ObjectNode status = (ObjectNode) pod.path("status")
                .path("containerStatuses").get(0);
        status.put("imageID", alpha.repository() + "@" + alpha.digest());
        return json.writeValueAsString(pod);
    }

    /**
     * Fills {name} and {cluster}: reads name the matrix's environment or cluster; writes a fresh one (a change, a
     * move or a delete of its own), and {id} a fresh rule of alpha's project in the matrix cluster.
     */
    private String fillInventory(HttpMethod method, String pattern) {
        int n = sequence.incrementAndGet();
        Viewer admin = world.admin();
        boolean read = method == HttpMethod.GET;
        String name;
        if (pattern.contains("/environments/")) {
            name = read ? matrixCluster.environment() : inventory.createEnvironment("matrix-env-" + n, admin).name();
        } else if (pattern.contains("{cluster}") || pattern.contains("/namespace-rules")) {
            name = matrixCluster.cluster();
        } else {
            name = read ? matrixCluster.cluster()
                    : inventory.createCluster("matrix-cluster-" + n, matrixCluster.environment(), null, admin).name();
        }
        String path = pattern.replace("{name}", name).replace("{cluster}", name);
        if (path.contains("{id}")) {
            long rule = inventory.addNamespaceRule(name, "rule-" + n + "-*", alpha.slug(), admin);
            path = path.replace("{id}", String.valueOf(rule));
        }
        return path;
    }

    private String fill(String pattern) throws Exception {
        if (!pattern.contains("{")) {
            return pattern;
        }
        if (pattern.endsWith("/archive") || pattern.endsWith("/unarchive")) {
            // a project of its own: archiving alpha's would refuse the matrix's later uploads
            String slug = world.alphaProject().slug();
            if (pattern.endsWith("/unarchive")) {
                projects.archive(slug, world.admin());
            }
            return pattern.replace("{slug}", slug);
        }
        if (pattern.contains("/repository-rules/{id}")) {
            long rule = repositoryRules.add(alpha.slug(), "registry.example/rule-" + sequence.incrementAndGet() + "-*", world.admin()).id();
            return pattern.replace("{slug}", alpha.slug()).replace("{id}", String.valueOf(rule));
        }
        if (pattern.contains("{slug}")) {
            return pattern.replace("{slug}", alpha.slug());
        }
        if (pattern.contains("{decision:")) {
            String decision = List.of("approve", "reject", "revoke").get(decisions.getAndIncrement() % 3);
            long exception = alphaException(decision.equals("revoke"));
            return pattern.replaceAll("\\{decision:[^}]*}", decision).replace("{id}", String.valueOf(exception));
        }
        String id;
        if (pattern.matches(".*/findings/\\{id}.*")) {
            id = String.valueOf(alpha.findingId());
        } else if (pattern.matches(".*/scans/\\{id}.*")) {
            id = String.valueOf(alpha.scanId());
        } else if (pattern.matches(".*/images/\\{id}.*")) {
            id = String.valueOf(alpha.imageId());
        } else if (pattern.matches(".*/tokens/\\{id}.*")) {
            id = String.valueOf(world.createToken(TestWorld.ALICE, null, Scope.READ).token().id());
        } else if (pattern.matches(".*/users/\\{id}.*")) {
            id = String.valueOf(alpha.userId());
        } else if (pattern.matches(".*/signing/keys/\\{id}.*")) {
            id = String.valueOf(alphaKey());
        } else if (pattern.matches(".*/signing/identities/\\{id}.*")) {
            id = String.valueOf(trust.addIdentity(new io.keelwatch.signing.trust.NewSigningIdentity("https://issuer.example",
                    "matrix-" + sequence.incrementAndGet(), false, "team", "alpha", null, null, null), world.admin()).id());
        } else if (pattern.matches(".*/gate/policies/\\{id}.*")) {
            id = String.valueOf(jdbc.sql("insert into gate_policy (name, image_pattern, mode, any_trusted_signer, created_by) "
                    + "values (:name, 'registry.example/matrix-gate-*', 'warn', true, 'matrix') returning id")
                    .param("name", "matrix gate " + sequence.incrementAndGet()).query(Long.class).single());
        } else if (pattern.matches(".*/alerts/\\{id}.*")) {
            id = String.valueOf(alphaAlertId);
        } else if (pattern.matches("/api/v1/incidents/\\{id}") || pattern.matches("/incidents/\\{id}")) {
            id = String.valueOf(alphaIncidentId);
        } else if (pattern.matches(".*/incidents/\\{id}.*")) {
            id = String.valueOf(alphaIncident());
        } else if (pattern.matches(".*/recovery/backups/\\{id}.*")) {
            id = String.valueOf(matrixRecovery.backupId());
        } else if (pattern.matches(".*/recovery/restores/\\{id}.*")) {
            id = String.valueOf(matrixRecovery.restoreId());
        } else if (pattern.matches(".*/recovery/policies/\\{id}.*")) {
            id = String.valueOf(policies.set(new io.keelwatch.recovery.NewRecoveryPolicy(matrixCluster.cluster(),
                    "matrix-policy-" + sequence.incrementAndGet(), null, "24h", "1h", null, null, null), world.admin()).id());
        } else if (pattern.matches(".*/exceptions/\\{id}.*")) {
            id = String.valueOf(alphaException(pattern.endsWith("/revoke")));
        } else {
            throw new IllegalStateException("No record to put into " + pattern + ": teach fill() about it");
        }
        return pattern.replaceAll("\\{id}", id);
    }

    private String token(TokenNeed need, boolean withNeededScope) {
        Map<TokenNeed, String> cache = withNeededScope ? withScope : withoutScope;
        return cache.computeIfAbsent(need, n -> {
            Role ownerRole = n.owner().equals(TestWorld.ADMIN) ? Role.ADMIN : Role.DEVELOPER;
            Set<Scope> scopes = withNeededScope ? EnumSet.of(n.scope()) : EnumSet.copyOf(Scope.grantableTo(ownerRole));
            if (!withNeededScope) {
                scopes.remove(n.scope());
            }
            return world.token(n.owner(), null, scopes.toArray(Scope[]::new));
        });
    }

    private static String username(Caller caller) {
        return switch (caller) {
            case ADMIN -> TestWorld.ADMIN;
            case SECURITY_LEAD -> TestWorld.LEAD;
            case ALPHA_DEVELOPER -> TestWorld.ALICE;
            case AUDITOR -> TestWorld.AUDITOR;
            case BETA_DEVELOPER -> TestWorld.BOB;
            default -> throw new IllegalArgumentException(caller.name());
        };
    }

    private static Role role(Caller caller) {
        return switch (caller) {
            case ADMIN -> Role.ADMIN;
            case SECURITY_LEAD -> Role.SECURITY_LEAD;
            case AUDITOR -> Role.AUDITOR;
            default -> Role.DEVELOPER;
        };
    }

    /** "METHOD pattern" of every handler Spring MVC maps, with the media type where two handlers share a path. */
    private Set<String> endpoints() {
        Set<String> keys = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            boolean multipartOnly = info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA)
                    && info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"));
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    keys.add(method + " " + pattern + (multipartOnly ? " multipart/form-data" : ""));
                }
            }
        }
        return keys;
    }

    /** Alpha's project with a report of its own (a real Trivy report given an image nobody else has). */
    private Alpha alphaRecords() throws Exception {
        ProjectRef project = world.alphaProject();
        String repository = "registry.example/matrix-" + project.slug() + "/app";
        String digest = "sha256:" + randomHex();
        byte[] report = withImage(Fixtures.bytes("trivy/debian-buster.json.golden"), repository, digest);
        JsonNode imported = json.readTree(mvc.perform(request(HttpMethod.POST, "/api/v1/scans").param("project", project.slug())
                        .contentType(MediaType.APPLICATION_JSON).content(report).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
        assertThat(imported.get("image").get("digest").asString()).isEqualTo(digest);
        JsonNode findings = json.readTree(mvc.perform(request(HttpMethod.GET, "/api/v1/findings").param("project", project.slug())
                        .param("size", "500").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        Set<Long> ids = new TreeSet<>();
        findings.get("items").forEach(f -> ids.add(f.get("id").asLong()));
        assertThat(ids).isNotEmpty();
        String vulnerability = findings.get("items").get(0).get("ruleId").asString();
        String username = "matrix-user-" + project.id();
        long userId = json.readTree(mvc.perform(request(HttpMethod.POST, "/api/v1/users")
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + username + "\",\"displayName\":\"Matrix\",\"password\":\"matrix-password-1\","
                                + "\"role\":\"DEVELOPER\",\"teams\":[\"alpha\"]}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asLong();
        long scanId = imported.get("scanId").asLong();
        long imageId = json.readTree(mvc.perform(request(HttpMethod.GET, "/api/v1/scans/" + scanId)
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).get("imageId").asLong();
        return new Alpha(project.slug(), repository, digest, report, ids, ids.iterator().next(), scanId, imageId, userId,
                vulnerability);
    }

    /** An alert of alpha's namespace in the matrix cluster, posted as an admin. */
    private long alphaAlert() {
        falcoIngest.ingest(matrixCluster.cluster(), falcoEvent(0).getBytes(java.nio.charset.StandardCharsets.UTF_8), false,
                world.admin());
        return jdbc.sql("select id from runtime_alert where namespace = :namespace")
                .param("namespace", matrixCluster.alphaNamespace()).query(Long.class).single();
    }

    /** A new alert of alpha's namespace in the matrix cluster: a pod of its own, so no other alert folds into it. */
    private long freshAlphaAlert() {
        String pod = "incident-" + sequence.incrementAndGet();
        String event = ("{\"rule\":\"Terminal shell in container\",\"priority\":\"Critical\",\"time\":\"2024-05-01T11:00:00Z\","
                + "\"output\":\"A shell was spawned\",\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"%s\","
                + "\"k8s.pod.name\":\"%s\",\"container.id\":\"0123456789ab\"}}").formatted(matrixCluster.alphaNamespace(), pod);
        falcoIngest.ingest(matrixCluster.cluster(), event.getBytes(StandardCharsets.UTF_8), false, world.admin());
        return jdbc.sql("select id from runtime_alert where namespace = :namespace and pod = :pod")
                .param("namespace", matrixCluster.alphaNamespace()).param("pod", pod).query(Long.class).single();
    }

    /** A new incident of a fresh alpha alert, opened by the admin: open, so every change of status may start from it. */
    private long alphaIncident() {
        return incidents.create(new NewIncident("matrix incident", null, List.of(freshAlphaAlert())), world.admin()).incident().id();
    }

    /** Beta has data too, so the beta developer's lists are not trivially empty. */
    private void betaRecords() throws Exception {
        ProjectRef project = world.betaProject();
        mvc.perform(request(HttpMethod.POST, "/api/v1/scans").param("project", project.slug())
                .contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes("trivy/alpine-310.json.golden"))
                .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private byte[] withImage(byte[] report, String repository, String digest) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("ArtifactName", repository + ":1.0");
        ObjectNode metadata = (ObjectNode) root.get("Metadata");
        metadata.putArray("RepoDigests").add(repository + "@" + digest);
        metadata.putArray("RepoTags").add(repository + ":1.0");
        return json.writeValueAsBytes(root);
    }

    /**
     * The answer without what the caller sent (path variables, parameters, a JSON body's {@code project}): a
     * 404 may name the project asked for, a problem's {@code instance} is the request's path. Such echoes
     * tell the caller nothing they did not know; anything else of alpha's in the answer is a leak.
     */
    private String withoutEchoes(String body, String endpoint, MockHttpServletRequest request) throws Exception {
        String rest = body.replace(request.getRequestURI(), "");
        List<String> sent = new ArrayList<>();
        String[] pattern = endpoint.split(" ")[1].split("/");
        String[] path = request.getRequestURI().split("/");
        for (int i = 0; i < pattern.length && i < path.length; i++) {
            if (pattern[i].startsWith("{") && !path[i].matches("\\d*")) {
                sent.add(path[i]); // a path variable such as a project slug ("Project '…' not found"); ids stay checked
            }
        }
        for (String[] values : request.getParameterMap().values()) {
            sent.addAll(List.of(values));
        }
        String content = request.getContentAsString();
        if (content != null && MediaType.APPLICATION_JSON_VALUE.equals(request.getContentType())) {
            JsonNode project = json.readTree(content).path("project"); // the project an exception is proposed for
            if (project.isString()) {
                sent.add(project.asString());
            }
        }
        for (String value : sent) {
            if (!value.isEmpty()) {
                rest = rest.replace(value, "");
            }
        }
        return rest;
    }

    private static final Pattern FINDING_LINK = Pattern.compile("/findings/(\\d+)");

    /** What of alpha's a body shows: its identifying strings, and finding or scan objects with alpha's ids. */
    private List<String> leaks(String body) {
        List<String> found = new ArrayList<>();
        for (String secret : List.of(alpha.slug(), alpha.repository(), alpha.digest())) {
            if (body.contains(secret)) {
                found.add(secret);
            }
        }
        Matcher links = FINDING_LINK.matcher(body);
        while (links.find()) {
            if (alpha.findingIds().contains(Long.parseLong(links.group(1)))) {
                found.add("link to alpha finding " + links.group(1));
            }
        }
        if (body.startsWith("{") || body.startsWith("[")) {
            collectIds(json.readTree(body), found);
        }
        return found;
    }

    private void collectIds(JsonNode node, List<String> found) {
        if (node.isObject()) {
            JsonNode id = node.get("id");
            if (id != null && id.isNumber()) {
                if (node.has("ruleId") && alpha.findingIds().contains(id.asLong())) {
                    found.add("alpha finding " + id.asLong());
                }
                if (node.has("scanner") && id.asLong() == alpha.scanId()) {
                    found.add("alpha scan " + id.asLong());
                }
                if (node.has("matchId") && alphaExceptionIds.contains(id.asLong())) {
                    found.add("alpha exception " + id.asLong());
                }
            }
            JsonNode scanId = node.get("scanId");
            if (scanId != null && scanId.isNumber() && scanId.asLong() == alpha.scanId()) {
                found.add("alpha scan " + scanId.asLong());
            }
        }
        node.forEach(child -> collectIds(child, found));
    }
}
