package io.keelwatch.findings.ingest;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.platform.KeelwatchException;

/**
 * Checks that an upload is UTF-8, as JSON exchanged between systems must be (RFC 8259), chunk by
 * chunk as it is spooled. The JSON reader decodes some invalid sequences instead of refusing them:
 * an overlong {@code C0 80} becomes NUL, {@code F4 90 80 80} (past U+10FFFF) two stray surrogates.
 * This refuses those and every other sequence Unicode calls ill-formed: overlong forms, surrogates,
 * code points past U+10FFFF, stray or missing continuation bytes.
 */
final class Utf8Check {

    /** Continuation bytes the current sequence still needs. */
    private int needed;
    /** The range the next continuation byte must fall in (narrower after E0, ED, F0 and F4). */
    private int lowest = 0x80;
    private int highest = 0xBF;
    private long checked;

    void check(byte[] bytes, int count) {
        for (int i = 0; i < count; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b >= 0x80) {
                    start(b, checked + i);
                }
            } else if (b < lowest || b > highest) {
                throw invalid(checked + i);
            } else {
                needed--;
                lowest = 0x80;
                highest = 0xBF;
            }
        }
        checked += count;
    }

    /** The upload ended: a sequence it started must be complete. */
    void finish() {
        if (needed > 0) {
            throw invalid(checked);
        }
    }

    private void start(int b, long position) {
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            lowest = b == 0xE0 ? 0xA0 : 0x80; // E0 below A0 would be overlong
            highest = b == 0xED ? 0x9F : 0xBF; // ED from A0 on would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            lowest = b == 0xF0 ? 0x90 : 0x80; // F0 below 90 would be overlong
            highest = b == 0xF4 ? 0x8F : 0xBF; // F4 from 90 on would be past U+10FFFF
        } else {
            throw invalid(position); // a stray continuation byte, an overlong C0/C1, or F5–FF
        }
    }

    private static KeelwatchException invalid(long position) {
        return new KeelwatchException(FindingsProblem.MALFORMED_REPORT,
                "The report is not valid UTF-8 (at byte " + position + " of the uncompressed upload); scanners write JSON as UTF-8.");
    }
}
