package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** An unexpected error answers a generic 500 problem; the stack trace and the message go to the server log only. */
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorsTellCallersNothingTest {

    @Test
    void the500ProblemHasNoDetailsAndTheLogHasThem(CapturedOutput log) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/findings");
        ResponseEntity<ProblemDetail> answer = new ApiProblemHandler().unexpected(
                new IllegalStateException("connection to db-internal.corp:5432 refused"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getType()).hasToString("urn:keelwatch:problem:internal");
        assertThat(problem.getDetail()).isEqualTo("Something went wrong; the server log has the details.");
        assertThat(String.valueOf(problem.getProperties())).doesNotContain("db-internal", "IllegalStateException", "at io.");
        assertThat(log.getOut() + log.getErr()).contains("db-internal.corp:5432", "java.lang.IllegalStateException",
                "at io.keelwatch.platform.UnexpectedErrorsTellCallersNothingTest");
    }
}
