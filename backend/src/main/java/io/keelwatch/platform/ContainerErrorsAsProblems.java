package io.keelwatch.platform;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before any servlet sees them (a path with an encoded NUL or an invalid
 * escape, an overlong UTF-8 sequence) never reach {@link ErrorDispatchController}: the host's
 * error report valve answers them. For {@code /api/**} that answer is problem details like every
 * other API error, not Tomcat's HTML page; other paths keep Tomcat's minimal page without server
 * details. Runs after Spring Boot's own customizer, whose plain valve it replaces.
 */
@Component
class ContainerErrorsAsProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final JsonMapper json;

    ContainerErrorsAsProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                // so that starting the host does not add Tomcat's default valve beside this one
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
            host.getPipeline().addValve(new ProblemReportValve(json));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's error report, as problem details for API paths. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final JsonMapper json;

        /** Tomcat's own way of creating the host's valve; this application always passes one in. */
        public ProblemReportValve() {
            this(JsonMapper.builder().build());
        }

        ProblemReportValve(JsonMapper json) {
            this.json = json;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            String path = request.getRequestURI();
            int status = response.getStatus();
            if (path == null || !path.startsWith("/api/") || status < 400 || response.getContentWritten() > 0) {
                super.report(request, response, throwable);
                return;
            }
            HttpStatusCode code = HttpStatusCode.valueOf(status);
            CommonProblem kind = CommonProblem.forStatus(code);
            String detail = status == 400 ? "The request's address or headers are not valid HTTP." : kind.title() + ".";
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(Problems.of(kind, code, detail, null)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the answer already started: nothing more to tell it
            }
        }
    }
}
