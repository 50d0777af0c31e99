package io.namesrv.dist.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The comparison table: one row per metric, Apache's value, ours, and ours/Apache. */
final class ResultTable {
    enum Better {
        HIGHER("higher is better"),
        LOWER("lower is better"),
        NONE("");

        final String text;

        Better(String text) {
            this.text = text;
        }
    }

    private record Row(String workload, String metric, double apache, double ours, Better better) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String workload, String metric, double apache, double ours, Better better) {
        rows.add(new Row(workload, metric, apache, ours, better));
    }

    String render(String apacheLabel, String oursLabel) {
        String[] header = {"workload", "metric", apacheLabel, oursLabel, "ours/Apache", ""};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (Row r : rows) {
            cells.add(new String[] {r.workload, r.metric, number(r.apache), number(r.ours), ratio(r), r.better.text});
        }
        int[] width = new int[header.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            String[] line = cells.get(n);
            for (int i = 0; i < line.length; i++) {
                boolean left = i < 2 || i == line.length - 1;
                String pad = " ".repeat(width[i] - line[i].length());
                out.append(left ? line[i] + pad : pad + line[i]).append(i < line.length - 1 ? "  " : "");
            }
            out.append(System.lineSeparator());
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** The same rows as a Markdown table, as BENCHMARKS.md has them, the first column headed {@code corner}. */
    String renderMarkdown(String corner, String apacheLabel, String oursLabel) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(corner).append(" | metric | ").append(apacheLabel).append(" | ").append(oursLabel)
            .append(" | ours/Apache |").append(System.lineSeparator());
        out.append("|---|---|---|---|---|").append(System.lineSeparator());
        for (Row r : rows) {
            out.append("| ").append(r.workload).append(" | ").append(r.metric).append(" | ").append(number(r.apache))
                .append(" | ").append(number(r.ours)).append(" | ").append(ratio(r)).append(" |").append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String ratio(Row r) {
        double ratio = r.apache == 0 || Double.isNaN(r.apache) || Double.isNaN(r.ours) ? Double.NaN : r.ours / r.apache;
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
