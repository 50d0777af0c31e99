package io.namesrv.core.metrics;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: a {@code # HELP} and a
 * {@code # TYPE} line per metric family, then its samples. Written by hand because the format is
 * small and a client library would be the server's heaviest dependency for one page of text.
 * Label values are escaped; names are the caller's constants and are not checked.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(8192);

    /** Starts a family; {@code type} is counter, gauge, histogram, summary or untyped. */
    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} are name, value, name, value... */
    public PrometheusText sample(String name, long value, String... labels) {
        sampleStart(name, labels, null, null);
        out.append(value).append('\n');
        return this;
    }

    public PrometheusText sample(String name, double value, String... labels) {
        sampleStart(name, labels, null, null);
        out.append(number(value)).append('\n');
        return this;
    }

    /** The {@code _bucket}, {@code _sum} and {@code _count} samples of one histogram series. */
    public PrometheusText histogram(String name, LatencyHistogram.Snapshot histogram, String... labels) {
        double[] bounds = histogram.boundsSeconds();
        long[] counts = histogram.cumulativeCounts();
        for (int i = 0; i < counts.length; i++) {
            String le = i < bounds.length ? number(bounds[i]) : "+Inf";
            sampleStart(name + "_bucket", labels, "le", le);
            out.append(counts[i]).append('\n');
        }
        sample(name + "_sum", histogram.sumSeconds(), labels);
        sample(name + "_count", histogram.count(), labels);
        return this;
    }

    private void sampleStart(String name, String[] labels, String extraName, String extraValue) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + Arrays.toString(labels));
        }
        out.append(name);
        if (labels.length > 0 || extraName != null) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                label(i > 0, labels[i], labels[i + 1]);
            }
            if (extraName != null) {
                label(labels.length > 0, extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ');
    }

    private void label(boolean comma, String name, String value) {
        if (comma) {
            out.append(',');
        }
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /** Backslash and line feed are escaped in help texts; in label values the double quote too. */
    private void escape(String text, boolean labelValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** Plain decimal (0.00005, not 5.0E-5) so bucket labels read as written; Inf and NaN as Prometheus spells them. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
