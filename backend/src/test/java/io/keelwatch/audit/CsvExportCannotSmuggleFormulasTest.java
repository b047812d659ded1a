package io.keelwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSV cells are quoted as RFC 4180 says, and a spreadsheet opening the export never runs a formula from it. */
class CsvExportCannotSmuggleFormulasTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"})
    void cellsStartingLikeAFormulaArePrefixedWithAQuote(String value) {
        String cell = CsvCells.cell(value);
        String unquoted = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
        assertThat(unquoted).isEqualTo("'" + value);
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CsvCells.cell("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(CsvCells.cell("plain")).isEqualTo("plain");
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.cell(42)).isEqualTo("42");
    }

    @Test
    void aRowEndsWithCrLf() {
        assertThat(CsvCells.row("a", null, "b,c")).isEqualTo("a,,\"b,c\"\r\n");
    }
}
