package io.keelwatch.runtime.ingest;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.runtime.IngestResult;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FalcoIngestApiController {

    /** One event: Falcosidekick's payloads are a few KiB; a bigger one is no Falco event. */
    static final int MAX_EVENT_BYTES = 1 << 20;
    /** A back-fill file of JSON lines. */
    static final int MAX_LINES_BYTES = 32 << 20;

    private final FalcoEventIngest ingest;
    private final CurrentViewer viewer;

    FalcoIngestApiController(FalcoEventIngest ingest, CurrentViewer viewer) {
        this.ingest = ingest;
        this.viewer = viewer;
    }

    @Operation(summary = "Store Falco events: one event as Falcosidekick's webhook output or Falco's http_output posts it "
            + "(application/json), or Falco json_output lines (application/x-ndjson); answered after the commit")
    @PostMapping("/api/v1/alerts/falco")
    @PreAuthorize("@access.canWriteAlerts()")
    IngestResult post(@RequestParam(required = false) String cluster, HttpServletRequest request) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean lines = type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl");
        if (!lines && !type.startsWith("application/json")) {
            throw new KeelwatchException(CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "Send one event as application/json or JSON lines as application/x-ndjson "
                            + "(Falco's http_output sends text/plain unless json_output is true).");
        }
        byte[] body = read(request.getInputStream(), lines ? MAX_LINES_BYTES : MAX_EVENT_BYTES);
        return ingest.ingest(cluster, body, lines, viewer.get());
    }

    private static byte[] read(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE, "At most " + limit + " bytes per request.");
        }
        return body;
    }
}
