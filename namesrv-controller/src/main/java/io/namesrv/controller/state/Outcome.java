package io.namesrv.controller.state;

import io.namesrv.api.protocol.ResponseCode;

/**
 * What a controller command answers: a response code (SUCCESS or one of Apache's CONTROLLER_*
 * codes), a remark for refusals, and the broker group as the command left it (null when the group
 * does not exist).
 */
public record Outcome(int code, String remark, BrokerGroup group) {
    public static Outcome success(BrokerGroup group) {
        return new Outcome(ResponseCode.SUCCESS, null, group);
    }

    public static Outcome refused(int code, String remark, BrokerGroup group) {
        return new Outcome(code, remark, group);
    }

    public boolean succeeded() {
        return code == ResponseCode.SUCCESS;
    }
}
