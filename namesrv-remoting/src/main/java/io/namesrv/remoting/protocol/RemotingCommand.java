package io.namesrv.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request or response of the RocketMQ remoting protocol: a header (code, opaque, flags,
 * remark, string fields) and an optional body.
 *
 * <p>A large request body may be {@linkplain #heldBody() held} in the buffers it was read into
 * instead of an array ({@link CommandCodec#decode}): whoever takes the request must then
 * {@link #release()} it once done with it.
 */
public final class RemotingCommand {
    /** MQVersion.Version.V5_4_0.ordinal(): the version this server speaks as. */
    public static final int SERVER_VERSION = 493;
    private static final int RESPONSE_FLAG = 1;
    private static final int ONEWAY_FLAG = 1 << 1;

    private int code;
    private String language = LanguageCode.JAVA;
    private int version;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private SerializeType serializeType = SerializeType.JSON;
    private byte[] body;
    private ByteBuf heldBody;
    private boolean released;

    public static RemotingCommand request(int code, Map<String, String> extFields) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        command.extFields = extFields == null ? null : new LinkedHashMap<>(extFields);
        return command;
    }

    /** A response to {@code request}: same opaque and header serialization. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand response = new RemotingCommand();
        response.code = code;
        response.remark = remark;
        response.version = SERVER_VERSION;
        response.opaque = request.opaque;
        response.flag = RESPONSE_FLAG;
        response.serializeType = request.serializeType;
        return response;
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int newCode) {
        this.code = newCode;
        return this;
    }

    public String language() {
        return language;
    }

    public RemotingCommand language(String newLanguage) {
        this.language = newLanguage;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int newVersion) {
        this.version = newVersion;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int newOpaque) {
        this.opaque = newOpaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int newFlag) {
        this.flag = newFlag;
        return this;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) == RESPONSE_FLAG;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) == ONEWAY_FLAG;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_FLAG;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String newRemark) {
        this.remark = newRemark;
        return this;
    }

    /** The header's string fields; null when the command has none. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public String extField(String name) {
        return extFields == null ? null : extFields.get(name);
    }

    /** Adds a header field; a null value is left out, as RocketMQ does. */
    public RemotingCommand extField(String name, String value) {
        if (value != null) {
            if (extFields == null) {
                extFields = new LinkedHashMap<>();
            }
            extFields.put(name, value);
        }
        return this;
    }

    public RemotingCommand extFields(Map<String, String> fields) {
        this.extFields = fields;
        return this;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType type) {
        this.serializeType = type;
        return this;
    }

    /** The body as an array; a held body is copied into one, once, and its buffers freed. */
    public byte[] body() {
        if (heldBody != null) {
            body = ByteBufUtil.getBytes(heldBody);
            release();
        } else if (released && body == null) {
            throw new IllegalStateException("the body of " + this + " was released unread");
        }
        return body;
    }

    public RemotingCommand body(byte[] newBody) {
        this.body = newBody;
        return this;
    }

    /** The body still in the buffers it was read into, or null: then {@link #body()} has it. */
    public ByteBuf heldBody() {
        return heldBody;
    }

    /** Holds {@code buffer} as the body, and with it the duty to release it. */
    RemotingCommand heldBody(ByteBuf buffer) {
        this.heldBody = buffer;
        return this;
    }

    private int bodyLength() {
        return heldBody != null ? heldBody.readableBytes() : body == null ? 0 : body.length;
    }

    /** Frees the buffers of a held body, if any; its bytes are gone unless {@link #body()} took them. */
    public void release() {
        if (heldBody != null) {
            heldBody.release();
            heldBody = null;
            released = true;
        }
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", language=" + language + ", version=" + version + ", opaque=" + opaque
            + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields + ", serializeType=" + serializeType
            + ", body=" + (released && body == null ? "released" : bodyLength() + " bytes") + "]";
    }
}
