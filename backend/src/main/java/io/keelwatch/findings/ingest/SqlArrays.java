package io.keelwatch.findings.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Rows sent as one array per column to {@code unnest(…)}, a bounded number of rows per statement. */
final class SqlArrays {

    /** Rows per statement: arrays of this size bind and plan quickly, and a batch of a streamed report is one. */
    private static final int ROWS_PER_STATEMENT = ReportBatches.BATCH_SIZE;

    private SqlArrays() {
    }

    static <T> List<List<T>> chunks(Collection<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>(Math.min(ROWS_PER_STATEMENT, items.size()));
        for (T item : items) {
            current.add(item);
            if (current.size() == ROWS_PER_STATEMENT) {
                chunks.add(current);
                current = new ArrayList<>(ROWS_PER_STATEMENT);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    static <T> String[] column(List<T> rows, Function<T, String> getter) {
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getter.apply(rows.get(i));
        }
        return out;
    }
}
