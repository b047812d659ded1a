package io.keelwatch.runtime.alerts;

import java.time.OffsetDateTime;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One raw event of an alert, as Falco sent it (strings cut at the door as Falcosidekick cuts them). */
public record AlertEvent(long id, OffsetDateTime time, String priority, String hostname, String source, String uuid,
        String output, JsonNode outputFields, List<String> tags, OffsetDateTime receivedAt) {
}
