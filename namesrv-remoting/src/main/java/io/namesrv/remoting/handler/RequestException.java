package io.namesrv.remoting.handler;

/** A request that is answered with an error code and remark instead of its normal response. */
public class RequestException extends RuntimeException {
    private final int code;

    public RequestException(int code, String remark) {
        super(remark);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
