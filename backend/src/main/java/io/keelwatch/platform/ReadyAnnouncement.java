package io.keelwatch.platform;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says once, as the last thing start-up logs (after the demo data is seeded and every runner has run),
 * where Keelwatch is listening and what each {@link StartupNotice} adds, so a person who started it
 * finds the address and, in evaluation mode, the logins without reading the whole log.
 */
@Component
class ReadyAnnouncement {

    private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);

    private final Environment environment;
    private final List<StartupNotice> notices;

    ReadyAnnouncement(Environment environment, List<StartupNotice> notices) {
        this.environment = environment;
        this.notices = notices;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String address = environment.getProperty("server.address", "localhost");
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        List<String> lines = new ArrayList<>();
        notices.forEach(notice -> lines.addAll(notice.lines()));
        log.info(message(address, port, contextPath, lines));
    }

    /** The announcement: the address to open, then each notice's lines, indented. */
    static String message(String address, String port, String contextPath, List<String> lines) {
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "localhost"
                : address.contains(":") ? "[" + address + "]" : address;
        StringBuilder message = new StringBuilder("Keelwatch is ready at http://").append(host).append(':').append(port)
                .append(contextPath).append('/');
        lines.forEach(line -> message.append(System.lineSeparator()).append("    ").append(line));
        return message.toString();
    }
}
