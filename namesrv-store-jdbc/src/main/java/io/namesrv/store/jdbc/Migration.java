package io.namesrv.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** One step of the schema: the script {@code db/<dialect>/V<version>__<description>.sql}. */
record Migration(int version, String description) {

    String resource(Dialect dialect) {
        return "db/" + dialect.scriptFolder() + "/V" + version + "__" + description + ".sql";
    }

    /** The script's statements: whole-line {@code --} comments dropped, split at a {@code ;} that ends a line. */
    List<String> statements(Dialect dialect) {
        String resource = resource(dialect);
        try (InputStream in = Migration.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the class path");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
            return Arrays.stream(script.split(";\\s*(\\n|$)"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + resource, e);
        }
    }
}
