package io.keelwatch.findings.exceptions;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.access.WriteAnswers;
import io.keelwatch.findings.CoveredFinding;
import io.keelwatch.findings.ExceptionDecision;
import io.keelwatch.findings.ExceptionEdit;
import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.GateWaiverProposal;
import io.keelwatch.findings.MuteProposal;
import io.keelwatch.findings.vex.OpenVexExport;
import io.keelwatch.findings.vex.OpenVexImport;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FindingExceptionApiController {

    private final FindingExceptionService exceptions;
    private final OpenVexImport openVexImport;
    private final OpenVexExport openVexExport;
    private final CurrentViewer viewer;

    FindingExceptionApiController(FindingExceptionService exceptions, OpenVexImport openVexImport, OpenVexExport openVexExport,
            CurrentViewer viewer) {
        this.exceptions = exceptions;
        this.openVexImport = openVexImport;
        this.openVexExport = openVexExport;
        this.viewer = viewer;
    }

    @Operation(summary = "Propose an exception (risk acceptance, false positive, not affected) for a project or team; "
            + "answers the exception to callers that may read it")
    @PostMapping("/api/v1/exceptions")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingExceptionSummary> propose(@RequestBody ExceptionProposal request) {
        Viewer caller = viewer.get();
        FindingExceptionSummary created = exceptions.propose(request, caller);
        return WriteAnswers.created(caller, URI.create("/api/v1/exceptions/" + created.id()), created);
    }

    @Operation(summary = "Propose a mute: an exception for a Falco rule (optionally a namespace, workload or image pattern) "
            + "in a project, team or cluster, with justification and expiry; matching alerts are kept and shown muted while "
            + "it is approved and unexpired. Decided, edited and revoked like any exception")
    @PostMapping("/api/v1/exceptions/mutes")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingExceptionSummary> proposeMute(@RequestBody MuteProposal request) {
        Viewer caller = viewer.get();
        FindingExceptionSummary created = exceptions.proposeMute(request, caller);
        return WriteAnswers.created(caller, URI.create("/api/v1/exceptions/" + created.id()), created);
    }

    @Operation(summary = "Propose a gate-rule waiver: an exception for one rule of the deploy gate (signature, max-severity, "
            + "fixable-critical-age, scanned-within) for a project's images, optionally one repository pattern or digest, with "
            + "justification and expiry; while approved and unexpired the gate reports the rule as waived and it denies and warns "
            + "no more. Decided, edited and revoked like any exception")
    @PostMapping("/api/v1/exceptions/gate-waivers")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingExceptionSummary> proposeGateWaiver(@RequestBody GateWaiverProposal request) {
        Viewer caller = viewer.get();
        FindingExceptionSummary created = exceptions.proposeGateWaiver(request, caller);
        return WriteAnswers.created(caller, URI.create("/api/v1/exceptions/" + created.id()), created);
    }

    @GetMapping("/api/v1/exceptions")
    @PreAuthorize("@access.canRead()")
    Page<FindingExceptionSummary> list(@RequestParam(required = false) String state,
            @RequestParam(required = false) String project,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return exceptions.exceptions(state(state), project, PageRequest.of(page, size, 50), viewer.get());
    }

    @GetMapping("/api/v1/exceptions/{id}")
    @PreAuthorize("@access.canRead()")
    FindingExceptionSummary exception(@PathVariable long id) {
        return exceptions.exception(id, viewer.get());
    }

    @Operation(summary = "The findings an exception covers or, while proposed, would cover once approved (its status set, "
            + "or open / in progress and matching), those it set first, then by severity")
    @GetMapping("/api/v1/exceptions/{id}/findings")
    @PreAuthorize("@access.canRead()")
    Page<CoveredFinding> coveredFindings(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return exceptions.coveredFindings(id, PageRequest.of(page, size, 50), viewer.get());
    }

    @Operation(summary = "Edit an exception: a proposal's justification, expiry and package (its proposer or a lead); "
            + "an approved exception's expiry (a lead)")
    @PatchMapping("/api/v1/exceptions/{id}")
    @PreAuthorize("@access.canTriage()")
    ResponseEntity<FindingExceptionSummary> edit(@PathVariable long id, @RequestBody ExceptionEdit edit) {
        Viewer caller = viewer.get();
        return WriteAnswers.changed(caller, exceptions.edit(id, edit, caller));
    }

    @PostMapping("/api/v1/exceptions/{id}/approve")
    @PreAuthorize("@access.canDecideExceptions()")
    ResponseEntity<FindingExceptionSummary> approve(@PathVariable long id, @RequestBody(required = false) ExceptionDecision decision) {
        Viewer caller = viewer.get();
        return WriteAnswers.changed(caller, exceptions.approve(id, comment(decision), caller));
    }

    @PostMapping("/api/v1/exceptions/{id}/reject")
    @PreAuthorize("@access.canDecideExceptions()")
    ResponseEntity<FindingExceptionSummary> reject(@PathVariable long id, @RequestBody(required = false) ExceptionDecision decision) {
        Viewer caller = viewer.get();
        return WriteAnswers.changed(caller, exceptions.reject(id, comment(decision), caller));
    }

    @PostMapping("/api/v1/exceptions/{id}/revoke")
    @PreAuthorize("@access.canDecideExceptions()")
    ResponseEntity<FindingExceptionSummary> revoke(@PathVariable long id, @RequestBody(required = false) ExceptionDecision decision) {
        Viewer caller = viewer.get();
        return WriteAnswers.changed(caller, exceptions.revoke(id, comment(decision), caller));
    }

    @Operation(summary = "Import an OpenVEX document's not_affected statements as exceptions of a project "
            + "(the exceptions listed only to callers that may read them)")
    @PostMapping(value = "/api/v1/exceptions/openvex")
    @PreAuthorize("@access.canTriage()")
    OpenVexImport.Result importOpenVex(@RequestParam(required = false) String project, InputStream body) throws IOException {
        Viewer caller = viewer.get();
        OpenVexImport.Result result = openVexImport.importDocument(project, bounded(body), caller);
        return caller.mayRead() ? result : result.countsOnly(); // as WriteAnswers: no records for callers who may not read
    }

    /** VEX documents are small; reading at most this much keeps a huge (or chunked, length-less) body from costing memory. */
    static final int MAX_VEX_BYTES = 16 * 1024 * 1024;

    static String bounded(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_VEX_BYTES + 1);
        if (bytes.length > MAX_VEX_BYTES) {
            throw new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE, "An OpenVEX document may have at most 16 MiB.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Operation(summary = "The project's approved decisions as an OpenVEX v0.2.0 document for trivy --vex")
    @GetMapping(value = "/api/v1/projects/{slug}/openvex", produces = {"application/json"})
    @PreAuthorize("@access.canRead()")
    Map<String, Object> exportOpenVex(@PathVariable String slug) {
        return openVexExport.document(slug, viewer.get());
    }

    private static String comment(ExceptionDecision decision) {
        return decision == null ? null : decision.comment();
    }

    static ExceptionState state(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return ExceptionState.valueOf(raw.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown state '" + raw.trim() + "'.");
        }
    }
}
