package io.keelwatch.runtime.incidents;

import java.util.List;

/** The board: one column per status, in the statuses' order. */
public record IncidentBoard(List<Column> columns) {

    /** A status, how many incidents the caller sees in it, and the newest of them (at most {@value IncidentQueries#BOARD_COLUMN}). */
    public record Column(IncidentStatus status, long count, List<IncidentSummary> incidents) {
    }
}
