package io.namesrv.remoting.acl;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * RocketMQ's ACL request signature, as Apache's {@code AclClientRPCHook} computes it (the same in
 * 4.9 and 5.x): HMAC-SHA1 with the UTF-8 secret key, Base64, over the values of the request's
 * header fields in the order of their names (the {@code Signature} field left out), in UTF-8,
 * followed by the body.
 */
final class AclSignature {
    static final String ACCESS_KEY = "AccessKey";
    static final String SIGNATURE = "Signature";
    private static final String ALGORITHM = "HmacSHA1";

    private AclSignature() {
    }

    /** The bytes a client signs: its header fields' values, sorted by name, then the body. */
    static byte[] content(Map<String, String> extFields, byte[] body) {
        StringBuilder values = new StringBuilder();
        new TreeMap<>(extFields).forEach((name, value) -> {
            if (!SIGNATURE.equals(name)) {
                values.append(value);
            }
        });
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(values.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            content.writeBytes(body);
        }
        return content.toByteArray();
    }

    /** The signature of {@code content} under {@code secretKey}, as the Base64 text's bytes. */
    static byte[] sign(byte[] content, byte[] secretKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey, ALGORITHM));
            return Base64.getEncoder().encode(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }

    /** Whether {@code presented} is the signature of {@code content}; compared in constant time, not to leak a prefix. */
    static boolean matches(String presented, byte[] content, byte[] secretKey) {
        return MessageDigest.isEqual(sign(content, secretKey), presented.getBytes(StandardCharsets.UTF_8));
    }
}
