package io.namesrv.remoting.acl;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.remoting.handler.ProtocolCodeNames;
import io.namesrv.remoting.logging.LogThrottle;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Decides whether a request may run: with {@code aclEnable}, a request that changes state (and,
 * with {@code aclProtectReads}, any request) must carry the ACL signature of a configured account,
 * unless its code is in {@code aclExemptRequestCodes}. Refusals are logged at WARN, at most one line
 * per 10 s, carrying their count.
 */
public final class AccessControl {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    /** Client text (an access key) quoted in a remark or a log line is cut here, so a client cannot flood either. */
    private static final int MAX_QUOTED_LENGTH = 64;

    /** Every request runs: access control is off. */
    public static final AccessControl OFF = new AccessControl(null, false, Set.of());

    private final AclAccounts accounts;
    private final boolean protectReads;
    private final Set<Integer> exemptCodes;
    private final LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10));

    private AccessControl(AclAccounts accounts, boolean protectReads, Set<Integer> exemptCodes) {
        this.accounts = accounts;
        this.protectReads = protectReads;
        this.exemptCodes = exemptCodes;
    }

    /** As {@code config} says; with {@code aclEnable}, reads the accounts file now (failing the start when it is bad). */
    public static AccessControl from(NamesrvConfig config) {
        if (!config.get(NamesrvConfig.ACL_ENABLE)) {
            return OFF;
        }
        String file = config.get(NamesrvConfig.ACL_ACCOUNTS_FILE);
        if (file.isBlank()) {
            throw new ConfigException("aclEnable=true needs aclAccountsFile (a file of accessKey=secretKey lines)");
        }
        AclAccounts accounts = AclAccounts.load(Path.of(file));
        boolean protectReads = config.get(NamesrvConfig.ACL_PROTECT_READS);
        Set<Integer> exempt = config.get(NamesrvConfig.ACL_EXEMPT_REQUEST_CODES);
        log.info("Access control on: {} account(s) from {}; signature required for {}{}", accounts.size(), file,
            protectReads ? "every request" : "requests that change state (reads open)",
            exempt.isEmpty() ? "" : ", except request codes " + exempt);
        return new AccessControl(accounts, protectReads, exempt);
    }

    /**
     * Why {@code request} may not run, as the remark of its NO_PERMISSION answer; null when it may.
     * The remark never holds the signature expected.
     */
    public String refusalOf(Channel channel, RemotingCommand request, boolean changesState) {
        if (accounts == null || !(changesState || protectReads) || exemptCodes.contains(request.code())) {
            return null;
        }
        String refusal = check(request);
        if (refusal != null) {
            logRefusal(channel, request, refusal);
        }
        return refusal;
    }

    private String check(RemotingCommand request) {
        String accessKey = request.extField(AclSignature.ACCESS_KEY);
        String signature = request.extField(AclSignature.SIGNATURE);
        if (accessKey == null || signature == null) {
            return "No ACL signature: " + describe(request.code())
                + " needs the AccessKey and Signature fields of an ACL client (AclClientRPCHook)";
        }
        byte[] secretKey = accounts.secretKeyOf(accessKey);
        if (secretKey == null) {
            return "Unknown accessKey " + quoted(accessKey) + " for " + describe(request.code());
        }
        if (!AclSignature.matches(signature, AclSignature.content(request.extFields(), request.body()), secretKey)) {
            return "Signature mismatch for accessKey " + quoted(accessKey) + " on " + describe(request.code())
                + ": wrong secretKey, or the request was changed after it was signed";
        }
        return null;
    }

    private void logRefusal(Channel channel, RemotingCommand request, String refusal) {
        long refused = refusals.count();
        if (refused > 0) {
            log.warn("Refused {} request(s) without a valid ACL signature (at most one such line per {} s); "
                    + "the latest from {}{}: {}", refused, refusals.intervalSeconds(), channel.remoteAddress(),
                request.isOneway() ? " (oneway, dropped without an answer)" : "", refusal);
        }
    }

    private static String describe(int code) {
        return "request code " + code + " (" + ProtocolCodeNames.REQUESTS.getOrDefault(code, "unknown") + ")";
    }

    /** Quoted, cut short and with control characters replaced: client text must not forge log lines. */
    private static String quoted(String clientText) {
        String cut = clientText.length() > MAX_QUOTED_LENGTH ? clientText.substring(0, MAX_QUOTED_LENGTH) + "..." : clientText;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
