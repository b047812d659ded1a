package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up announcement names an address a browser can open, then what modules add (the demo logins). */
class ReadyAnnouncementSaysWhereToGoTest {

    @Test
    void anAddressToOpenThenTheNotices() {
        assertThat(ReadyAnnouncement.message("", "8080", "", List.of()))
                .isEqualTo("Keelwatch is ready at http://localhost:8080/");
        assertThat(ReadyAnnouncement.message("0.0.0.0", "9090", "/kw", List.of())).isEqualTo("Keelwatch is ready at http://localhost:9090/kw/");
        assertThat(ReadyAnnouncement.message("::1", "8080", "", List.of())).isEqualTo("Keelwatch is ready at http://[::1]:8080/");
        assertThat(ReadyAnnouncement.message("localhost", "8080", "", List.of("Demo logins: lead, dev")))
                .isEqualTo("Keelwatch is ready at http://localhost:8080/" + System.lineSeparator() + "    Demo logins: lead, dev");
    }
}
