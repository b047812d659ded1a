package io.keelwatch.runtime.alerts;

import io.keelwatch.platform.Page;

/** An alert and a page of its raw events, newest first. */
public record AlertDetail(AlertSummary alert, Page<AlertEvent> events) {
}
