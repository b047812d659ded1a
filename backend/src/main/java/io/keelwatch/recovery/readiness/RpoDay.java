package io.keelwatch.recovery.readiness;

import java.time.LocalDate;

/**
 * How many namespaces the caller sees met and breached their policy's RPO at the end of a day (UTC; now, for today).
 */
public record RpoDay(LocalDate day, int met, int breached) {
}
