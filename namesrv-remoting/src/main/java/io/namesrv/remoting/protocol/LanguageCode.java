package io.namesrv.remoting.protocol;

import java.util.List;

/** The client languages of RocketMQ's LanguageCode: the binary header carries the index, JSON the name. */
public final class LanguageCode {
    public static final String JAVA = "JAVA";
    private static final List<String> NAMES = List.of("JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY",
        "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST", "NODE_JS");

    private LanguageCode() {
    }

    public static String nameOf(int code) {
        return code >= 0 && code < NAMES.size() ? NAMES.get(code) : "OTHER";
    }

    public static byte codeOf(String name) {
        int index = NAMES.indexOf(name);
        return (byte) (index < 0 ? NAMES.indexOf("OTHER") : index);
    }
}
