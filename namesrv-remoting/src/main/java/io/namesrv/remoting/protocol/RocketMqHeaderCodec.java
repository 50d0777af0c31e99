package io.namesrv.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RocketMQ's binary header form: short code, byte language, short version, int opaque, int flag,
 * int-prefixed remark, int-prefixed extFields of (short-prefixed key, int-prefixed value).
 */
final class RocketMqHeaderCodec {
    private RocketMqHeaderCodec() {
    }

    static RemotingCommand decode(ByteBuf header) {
        int headerLength = header.readableBytes();
        if (headerLength < 17) {
            throw new FrameFormatException("binary header of " + headerLength + " bytes is shorter than its fixed part");
        }
        RemotingCommand command = new RemotingCommand()
            .code(header.readShort())
            .language(LanguageCode.nameOf(header.readByte()))
            .version(header.readShort())
            .opaque(header.readInt())
            .flag(header.readInt());
        int remarkLength = header.readInt();
        if (remarkLength > 0) {
            command.remark(readString(header, remarkLength, "remark"));
        }
        int extLength = readLength(header, "extFields");
        if (extLength > 0) {
            requireBytes(header, extLength, "extFields");
            command.extFields(readFields(header.readSlice(extLength)));
        }
        return command.serializeType(SerializeType.ROCKETMQ);
    }

    private static Map<String, String> readFields(ByteBuf fields) {
        Map<String, String> map = new LinkedHashMap<>();
        while (fields.isReadable()) {
            if (fields.readableBytes() < 2) {
                throw new FrameFormatException("truncated extFields key length");
            }
            String key = readString(fields, fields.readShort(), "extFields key");
            if (fields.readableBytes() < 4) {
                throw new FrameFormatException("truncated extFields value length");
            }
            map.put(key, readString(fields, fields.readInt(), "extFields value"));
        }
        return map;
    }

    private static int readLength(ByteBuf buf, String what) {
        if (buf.readableBytes() < 4) {
            throw new FrameFormatException("truncated " + what + " length");
        }
        return buf.readInt();
    }

    private static String readString(ByteBuf buf, int length, String what) {
        requireBytes(buf, length, what);
        return buf.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    /** A length read from the header must fit in what is left of it: the peer's word is not taken for it. */
    private static void requireBytes(ByteBuf buf, int length, String what) {
        if (length < 0 || length > buf.readableBytes()) {
            throw new FrameFormatException(what + " length " + length + " exceeds the " + buf.readableBytes()
                + " bytes left in the header");
        }
    }

    static byte[] encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer(64);
        out.writeShort(command.code());
        out.writeByte(LanguageCode.codeOf(command.language()));
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        if (command.remark() == null || command.remark().isEmpty()) {
            out.writeInt(0);
        } else {
            byte[] remark = command.remark().getBytes(StandardCharsets.UTF_8);
            out.writeInt(remark.length).writeBytes(remark);
        }
        if (command.extFields() == null || command.extFields().isEmpty()) {
            out.writeInt(0);
        } else {
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            for (Map.Entry<String, String> e : command.extFields().entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeShort(key.length).writeBytes(key).writeInt(value.length).writeBytes(value);
            }
            out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }
}
