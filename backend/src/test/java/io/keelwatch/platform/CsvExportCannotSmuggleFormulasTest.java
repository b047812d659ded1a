package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CSV export writes its cells through {@link CsvCells}: each cell is quoted the same way
 * (RFC 4180), and a spreadsheet opening the export never runs a formula from it.
 */
class CsvExportCannotSmuggleFormulasTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", // OWASP's list
        "\n=1", " =1+1", "|cmd", // line feed, space, pipe
        "\uFF1D1+1", "\uFF0B1", "\uFF0D1", "\uFF20SUM(A1)" // full-width = + - @
    })
    void cellsStartingLikeAFormulaArePrefixedWithASingleQuote(String value) {
        assertThat(CsvCells.cell(value)).isEqualTo("\"'" + value.replace("\"", "\"\"") + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a=b", "1-2", "x@example.org", "'quoted already"})
    void cellsNotStartingLikeAFormulaAreLeftAsTheyAre(String value) {
        assertThat(CsvCells.cell(value)).isEqualTo("\"" + value + "\"");
    }

    @Test
    void everyCellIsQuotedAlikeWithInnerQuotesDoubled() {
        assertThat(CsvCells.cell("plain")).isEqualTo("\"plain\"");
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CsvCells.cell("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(CsvCells.cell(42)).isEqualTo("\"42\"");
        assertThat(CsvCells.cell("")).isEqualTo("\"\"");
        assertThat(CsvCells.cell(null)).isEqualTo("\"\"");
    }

    @Test
    void aRowSeparatesCellsWithCommasAndEndsWithCrLf() {
        assertThat(CsvCells.row("a", null, "b,c")).isEqualTo("\"a\",\"\",\"b,c\"\r\n");
    }
}
