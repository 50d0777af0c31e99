package io.namesrv.remoting.acl;

import io.namesrv.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The accounts that may sign requests: access key to secret key, read once from a properties file
 * of {@code accessKey=secretKey} lines. The secrets are held as bytes and printed nowhere.
 */
final class AclAccounts {
    private static final Logger log = LoggerFactory.getLogger(AclAccounts.class);

    private final Map<String, byte[]> secretKeys;

    private AclAccounts(Map<String, byte[]> secretKeys) {
        this.secretKeys = Map.copyOf(secretKeys);
    }

    /** Reads the file; a missing, unreadable or empty file, or an account without a secret, fails the start. */
    static AclAccounts load(Path file) {
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read aclAccountsFile " + file + ": " + e);
        }
        Map<String, byte[]> secretKeys = new HashMap<>();
        for (String accessKey : lines.stringPropertyNames()) {
            // trailing blanks are invisible in a file and never meant: a secret key with them would only ever mismatch
            String secretKey = lines.getProperty(accessKey).trim();
            if (accessKey.isBlank() || secretKey.isEmpty()) {
                throw new ConfigException("aclAccountsFile " + file + ": account '" + accessKey + "' has no secret key");
            }
            secretKeys.put(accessKey, secretKey.getBytes(StandardCharsets.UTF_8));
        }
        if (secretKeys.isEmpty()) {
            throw new ConfigException("aclAccountsFile " + file + " has no account (accessKey=secretKey lines)");
        }
        warnIfOthersMayRead(file);
        return new AclAccounts(secretKeys);
    }

    private static void warnIfOthersMayRead(Path file) {
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("aclAccountsFile {} holds secret keys and is readable by every user of this machine "
                    + "(chmod 600 it)", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot read the permissions of {}: {}", file, e.toString());
        }
    }

    /** The secret key of {@code accessKey}, or null when no such account is configured. */
    byte[] secretKeyOf(String accessKey) {
        return secretKeys.get(accessKey);
    }

    int size() {
        return secretKeys.size();
    }
}
