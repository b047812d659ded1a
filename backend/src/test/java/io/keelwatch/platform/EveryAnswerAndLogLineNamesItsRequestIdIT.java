package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An operator given a request id by a caller finds the lines of that request: every answer names its id in
 * {@code X-Request-Id} (a proxy's plain id kept, anything else replaced), and the lines logged while serving it
 * carry the same id.
 */
@KeelwatchIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EveryAnswerAndLogLineNamesItsRequestIdIT {

    @Autowired
    MockMvc mvc;

    @Test
    void anAnswerNamesItsIdAndTheRequestsLogLinesCarryIt(CapturedOutput output) throws Exception {
        String mine = mvc.perform(get("/api/v1/findings").header("X-Request-Id", "ingress-7f3a.42")
                        .header("Authorization", "Bearer kw_unknownunknownunknownunknownunknown"))
                .andReturn().getResponse().getHeader("X-Request-Id");
        String made = mvc.perform(get("/actuator/health")).andReturn().getResponse().getHeader("X-Request-Id");
        String replaced = mvc.perform(get("/actuator/health").header("X-Request-Id", "<script>alert(1)</script>"))
                .andReturn().getResponse().getHeader("X-Request-Id");

        assertThat(mine).isEqualTo("ingress-7f3a.42");
        assertThat(made).matches("[0-9a-f-]{36}");
        assertThat(replaced).matches("[0-9a-f-]{36}");
        List<String> rejection = output.getOut().lines().filter(line -> line.contains("token.rejected")).toList();
        assertThat(rejection).as(output.getOut()).isNotEmpty().allMatch(line -> line.contains("[ingress-7f3a.42] "));
        assertThat(output.getOut()).doesNotContain("<script>alert(1)</script>");
    }
}
