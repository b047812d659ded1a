package io.keelwatch.findings;

import java.io.InputStream;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reading that report parsers share: a streaming parser, and small trees read from
 * the middle of it (one vulnerability at a time), which the application's mapper would reject
 * as "trailing tokens".
 */
@Component
class ReportJson {

    private final JsonMapper json;

    ReportJson(JsonMapper applicationMapper) {
        this.json = applicationMapper.rebuild().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    JsonParser parser(InputStream in) {
        return json.createParser(in);
    }

    JsonNode tree(JsonParser parser) {
        return json.readTree(parser);
    }
}
