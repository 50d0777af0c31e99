package io.namesrv.dist.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network partitions between processes that all listen on 127.0.0.1: each member runs with a group
 * id of its own ({@code setpriv --regid}, keeping root's user id), and iptables drops the TCP
 * packets a member's processes send to another member's ports (the owner match of the OUTPUT
 * chain, which loopback packets pass). The rules live in a chain of their own, removed on close.
 * Needs root, setpriv and iptables: {@link #unavailableBecause()} says why not.
 */
public final class LoopbackPartitions implements AutoCloseable {
    private static final int FIRST_GID = 47_000;

    private final String chain = "NAMESRV_IT_" + ProcessHandle.current().pid();

    public LoopbackPartitions() {
        iptables("-N", chain);
        iptables("-I", "OUTPUT", "-j", chain);
    }

    /** Null when partitions can be made here, else the reason. */
    public static String unavailableBecause() {
        try {
            String uid = run(List.of("id", "-u")).trim();
            if (!uid.equals("0")) {
                return "not root (uid " + uid + ")";
            }
            run(List.of("setpriv", "--version"));
            run(List.of("iptables", "-L", "OUTPUT", "-n"));
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** What runs member {@code member}'s JVM: with its own group id. */
    public List<String> launcher(int member) {
        return List.of("setpriv", "--regid=" + (FIRST_GID + member), "--clear-groups", "--");
    }

    /** Drops what member {@code from} sends to TCP port {@code port}, from now on, on open connections too. */
    public void dropFromTo(int from, int port) {
        iptables("-A", chain, "-p", "tcp", "-m", "owner", "--gid-owner", Integer.toString(FIRST_GID + from),
            "--dport", Integer.toString(port), "-j", "DROP");
    }

    /** Every cut healed. */
    public void healAll() {
        iptables("-F", chain);
    }

    @Override
    public void close() {
        healAll();
        iptables("-D", "OUTPUT", "-j", chain);
        iptables("-X", chain);
    }

    private static void iptables(String... args) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "5"));
        command.addAll(List.of(args));
        run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer within 15 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted");
        }
    }
}
