package io.keelwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a caller chooses (a username, a path, scanner text) never starts a new server log line or fakes a field. */
class AuditLogLinesCannotBeForgedTest {

    @Test
    void lineBreaksAndControlCharactersBecomeVisibleEscapes() {
        assertThat(LogEncoder.escape("alice\r\n2026-01-01 INFO audit action=\"user.created\""))
                .isEqualTo("alice\\r\\n2026-01-01 INFO audit action=\\\"user.created\\\"")
                .doesNotContain("\n", "\r");
        assertThat(LogEncoder.escape("a\u0000b\u001bc\td\u007fe\u0085f\u2028g\u2029h"))
                .isEqualTo("a\\u0000b\\u001bc\\td\\u007fe\\u0085f\\u2028g\\u2029h");
        assertThat(LogEncoder.escape("back\\slash")).isEqualTo("back\\\\slash");
        assertThat(LogEncoder.escape("plain text, ünïcode ✓")).isEqualTo("plain text, ünïcode ✓");
        assertThat(LogEncoder.quoted(null)).isEqualTo("null");
    }

    @Test
    void anAuditLogLineStaysOneLineWithItsOwnFields() {
        String forged = "mallory\" outcome=success\nINFO audit action=\"user.created\" actor=\"admin";
        String line = AuditLog.logLine(new AuditEntry(forged, AuditEntry.ActorType.anonymous, "sign-in", "user", forged,
                null, AuditEntry.Outcome.failure, Map.of()), AuditEntry.ActorType.anonymous);

        assertThat(line).doesNotContain("\n").endsWith(" outcome=failure");
        assertThat(line).startsWith("audit action=\"sign-in\" actor=\"mallory\\\" outcome=success\\nINFO");
    }
}
