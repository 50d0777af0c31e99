package io.namesrv.remoting.body;

import io.namesrv.remoting.protocol.Crc32Combine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.zip.CRC32;

/**
 * A JSON registration body, still in its read buffers, that repeats byte for byte the topic table
 * its broker sent last: the table is hashed where it lies, and the body is then read as a small
 * document, its head and tail copied, with an empty object in the table's place. Byte offsets in a
 * decoding error past the table are offsets in that document.
 *
 * @param document the body with {@code {}} where the table was
 * @param tableAt  where the table (and the empty object) starts
 * @param table    the table the body repeats
 */
record RepeatedTable(byte[] document, int tableAt, TopicTableMemo.Table table) {
    /** Enough for what fastjson writes before the table: filter servers and data versions, some 200 bytes. */
    private static final int HEAD_MAX = 4096;

    /** A copy of the body's first bytes, where a broker's body has its table start. */
    static byte[] head(ByteBuf body) {
        return ByteBufUtil.getBytes(body, body.readerIndex(), Math.min(body.readableBytes(), HEAD_MAX));
    }

    /** The body as a repeat of {@code last}, whose bytes are known to repeat it from {@code tableAt} on. */
    static RepeatedTable of(ByteBuf body, byte[] head, int tableAt, TopicTableMemo.Table last) {
        int start = body.readerIndex();
        int tailFrom = tableAt + last.length();
        int tailLength = body.readableBytes() - tailFrom;
        byte[] document = new byte[tableAt + 2 + tailLength];
        System.arraycopy(head, 0, document, 0, tableAt);
        document[tableAt] = '{';
        document[tableAt + 1] = '}';
        body.getBytes(start + tailFrom, document, tableAt + 2, tailLength);
        return new RepeatedTable(document, tableAt, last);
    }

    /** The CRC-32 of the body this stands for: its head's and tail's, combined with the table's. */
    long bodyCrc32() {
        CRC32 head = new CRC32();
        head.update(document, 0, tableAt);
        CRC32 tail = new CRC32();
        int tailFrom = tableAt + 2;
        tail.update(document, tailFrom, document.length - tailFrom);
        long throughTable = Crc32Combine.combine(head.getValue(), table.crc32(), table.length());
        return Crc32Combine.combine(throughTable, tail.getValue(), document.length - tailFrom);
    }
}
