package io.stkpush.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table printed to standard output, so what a run prints can be pasted into the README as it is. The
 * columns are padded to line up in a terminal too.
 */
final class Table {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        rows.add(header);
    }

    Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    /** Rows below the header. */
    int size() {
        return rows.size() - 1;
    }

    Table note(String note) {
        notes.add(note);
        return this;
    }

    void print() {
        int columns = rows.get(0).length;
        boolean[] figures = new boolean[columns];
        for (int i = 1; i < columns; i++) {
            figures[i] = true;
            for (String[] row : rows.subList(1, rows.size())) {
                String cell = cell(row, i);
                if (!cell.isEmpty() && !cell.matches("^(\\*\\*)?[0-9≤≥~.-].*") && !cell.equals("n/a")) {
                    figures[i] = false;
                }
            }
        }
        int[] widths = new int[columns];
        Arrays.fill(widths, 3); // the rule under the header needs three
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        StringBuilder out = new StringBuilder("\n").append(title).append("\n\n");
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), widths, figures);
            if (r == 0) {
                String[] rule = new String[columns];
                for (int i = 0; i < columns; i++) {
                    // figures right-aligned, words left-aligned
                    rule[i] = figures[i] ? "-".repeat(widths[i] - 1) + ":" : "-".repeat(widths[i]);
                }
                line(out, rule, widths, figures);
            }
        }
        for (String note : notes) {
            out.append('\n').append(note).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    private static void line(StringBuilder out, String[] row, int[] widths, boolean[] figures) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cell(row, i);
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(figures[i] ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i] : "";
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String megabytes(double kib) {
        return String.format(Locale.ROOT, "%.1f MB", kib / 1024.0);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** SQL as a Markdown code span, the middle left out when long: the head and the WHERE clause tell it apart. */
    static String sql(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").replace("|", "\\|");
        if (flat.length() > max) {
            int head = max / 3;
            flat = flat.substring(0, head) + " … " + flat.substring(flat.length() - (max - head - 3));
        }
        return "`" + flat + "`";
    }

    /** "met" or "missed" for a figure against its target. */
    static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
