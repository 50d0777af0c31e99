package io.namesrv.controller.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.state.Outcome;

import java.util.concurrent.CompletableFuture;

/**
 * The proposer's side of one command: completed with the outcome when the command is applied, or
 * with CONTROLLER_NOT_LEADER when Raft could not commit it here (leadership lost meanwhile).
 */
final class CommandClosure implements Closure {
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();

    CompletableFuture<Outcome> result() {
        return result;
    }

    void complete(Outcome outcome) {
        result.complete(outcome);
    }

    @Override
    public void run(Status status) {
        if (!status.isOk()) {
            result.complete(Outcome.refused(ResponseCode.CONTROLLER_NOT_LEADER,
                "The controller could not commit the change: " + status.getErrorMsg(), null));
        }
    }
}
