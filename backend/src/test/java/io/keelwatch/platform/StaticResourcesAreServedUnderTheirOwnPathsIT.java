package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.BrowserSession;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page a browser loads names its style sheets and scripts at paths that serve them (the web jars' at their
 * versioned path), the icon browsers ask for by themselves answers, and a path that is no resource is no file.
 */
@KeelwatchIntegrationTest
class StaticResourcesAreServedUnderTheirOwnPathsIT {

    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/(?:webjars|css|js)/[^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;

    @Test
    void everyAssetAPageNamesIsServed() throws Exception {
        world.admin();
        BrowserSession lead = BrowserSession.signedIn(port, TestWorld.LEAD);
        String page = lead.get("/alerts").body();
        Matcher assets = ASSET.matcher(page);
        List<String> named = assets.results().map(m -> m.group(1)).toList();

        assertThat(named).hasSize(5).anyMatch(path -> path.matches("/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min\\.js"))
                .contains("/css/keelwatch.css", "/js/keelwatch.js");
        for (String asset : named) {
            HttpResponse<String> answer = lead.get(asset);
            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotBlank();
        }
        assertThat(new BrowserSession(port).get("/favicon.ico").statusCode()).isEqualTo(200);
        assertThat(lead.get("/application.yml").statusCode()).isEqualTo(404);
        assertThat(lead.get("/css/../application.yml").statusCode()).isIn(400, 404);
    }
}
