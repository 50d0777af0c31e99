package io.namesrv.remoting.tls;

import io.namesrv.core.config.NamesrvConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The certificate, key and trust files the SSL context was built from, and whether they changed
 * since: by content, so that a copy with a new date or a rename onto the file counts only if the
 * bytes differ. A change counts once it has settled (the same at two looks in a row), so that a
 * renewal that writes the certificate and then the key is read as a pair. Used by one thread.
 */
final class CertificateFiles {
    private final List<Path> paths;
    private String loaded;
    private String lastSeen;

    CertificateFiles(NamesrvConfig config) {
        this.paths = Stream.of(NamesrvConfig.TLS_SERVER_CERT_PATH, NamesrvConfig.TLS_SERVER_KEY_PATH,
                NamesrvConfig.TLS_SERVER_TRUST_CERT_PATH)
            .map(config::get).filter(path -> !path.isBlank()).map(Path::of).toList();
        this.loaded = fingerprint();
        this.lastSeen = loaded;
    }

    List<Path> paths() {
        return paths;
    }

    /** True once for each settled content that differs from the last loaded; it then counts as loaded. */
    boolean changedAndSettled() {
        String now = fingerprint();
        boolean settled = now.equals(lastSeen) && !now.equals(loaded);
        lastSeen = now;
        if (settled) {
            // whether it loads or not: a broken file is reported once, not at every look
            loaded = now;
        }
        return settled;
    }

    private String fingerprint() {
        StringBuilder fingerprint = new StringBuilder();
        for (Path path : paths) {
            try {
                fingerprint.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
            } catch (IOException e) {
                // being replaced, or gone: not settled until it is back
                fingerprint.append("unreadable");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            fingerprint.append(';');
        }
        return fingerprint.toString();
    }
}
