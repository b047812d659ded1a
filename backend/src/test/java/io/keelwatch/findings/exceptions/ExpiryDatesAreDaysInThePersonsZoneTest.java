package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * A date picked in the browser is "valid through that day where I am": stored as the next day's start
 * in the person's zone, and shown back as the same day there (not the UTC day after).
 */
class ExpiryDatesAreDaysInThePersonsZoneTest {

    private static final LocalDate MARCH_4 = LocalDate.of(2027, 3, 4);

    @Test
    void theEndOfThePickedDayInThePersonsZone() {
        assertThat(ExpiryDates.endOf(MARCH_4, "Pacific/Auckland").toInstant()).isEqualTo(Instant.parse("2027-03-04T11:00:00Z"));
        assertThat(ExpiryDates.endOf(MARCH_4, "Europe/Berlin").toInstant()).isEqualTo(Instant.parse("2027-03-04T23:00:00Z"));
        assertThat(ExpiryDates.endOf(MARCH_4, "America/Los_Angeles").toInstant()).isEqualTo(Instant.parse("2027-03-05T08:00:00Z"));
        assertThat(ExpiryDates.endOf(MARCH_4, null).toInstant()).as("no zone sent: UTC").isEqualTo(Instant.parse("2027-03-05T00:00:00Z"));
        assertThat(ExpiryDates.endOf(null, "Europe/Berlin")).isNull();
    }

    @Test
    void shownBackAsThatDayThere() {
        for (String zone : new String[] {"Pacific/Auckland", "Europe/Berlin", "America/Los_Angeles", "UTC"}) {
            OffsetDateTime stored = ExpiryDates.endOf(MARCH_4, zone);
            assertThat(ExpiryDates.lastDay(stored, zone)).as(zone).isEqualTo(MARCH_4);
        }
    }

    @Test
    void aZoneThatIsNoneIsTheCallersMistake() {
        assertThatThrownBy(() -> ExpiryDates.endOf(MARCH_4, "Mars/Olympus_Mons"))
                .isInstanceOfSatisfying(KeelwatchException.class, e -> assertThat(e.kind()).isEqualTo(CommonProblem.INVALID_REQUEST))
                .hasMessage("'Mars/Olympus_Mons' is not a time zone (such as Europe/Berlin).");
        assertThatThrownBy(() -> ExpiryDates.endOf(MARCH_4, "x".repeat(500))).isInstanceOf(KeelwatchException.class);
    }
}
