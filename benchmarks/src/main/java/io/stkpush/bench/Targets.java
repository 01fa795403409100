package io.stkpush.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Every target of a {@code scripts/benchmark} run in one table, each beside its measured figure and its reference.
 * The parts run in processes of their own (and two in scripts of their own), so each records its targets as it
 * prints its own table, a line each in the file named by the environment variable {@value #FILE_VARIABLE} when it is
 * set; {@code Targets --file F} prints them together at the end of the run.
 */
final class Targets {

    static final String FILE_VARIABLE = "STKPUSH_BENCH_TARGETS";

    private Targets() {
    }

    /** Adds one target's line; nothing when the part runs on its own, without {@value #FILE_VARIABLE}. */
    static void record(String part, String figure, String measured, String reference, String target, boolean met) {
        String file = System.getenv(FILE_VARIABLE);
        if (file == null || file.isBlank()) {
            return;
        }
        String line = String.join("\t", clean(part), clean(figure), clean(measured), clean(reference), clean(target),
                met ? "met" : "missed") + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the part's own table is printed all the same; only the summary would lack this line
            System.err.println("Could not add to " + file + ": " + e.getMessage());
        }
    }

    private static String clean(String cell) {
        return cell.replaceAll("[\\t\\r\\n]+", " ").strip();
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(new Options(args).text("file"));
        List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
                : List.of());
        lines.sort(Comparator.comparing(line -> line.split("\t", 2)[0])); // in the order of parts, stably
        Table table = new Table("Every target of this run (each part's own table above has the detail)", "part",
                "figure", "measured", "reference, measured in the same run", "target", "");
        int missed = 0;
        for (String line : lines) {
            String[] cells = line.split("\t", -1);
            if (cells.length != 6) {
                continue;
            }
            boolean met = "met".equals(cells[5]);
            missed += met ? 0 : 1;
            table.row(cells[0], cells[1], cells[2], cells[3], cells[4], Table.verdict(met));
        }
        table.note(table.size() == 0 ? "**No part recorded a target: did every part fail?**"
                : String.format(Locale.ROOT, "%d targets, %d met, %d missed: the README's Benchmark"
                        + " section says what stands in the way of each one missed.", table.size(),
                        table.size() - missed, missed));
        table.print();
    }
}
