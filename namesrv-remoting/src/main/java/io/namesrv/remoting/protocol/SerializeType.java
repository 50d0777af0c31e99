package io.namesrv.remoting.protocol;

/** How a command's header is encoded, as the high byte of the frame's header-length field says. */
public enum SerializeType {
    JSON(0),
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static SerializeType of(int code) {
        for (SerializeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new FrameFormatException("unknown header serialize type " + code);
    }
}
