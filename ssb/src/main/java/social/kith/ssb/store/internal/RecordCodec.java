package social.kith.ssb.store.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import social.kith.core.StorageException;
import social.kith.ssb.MessageId;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.SsbException;
import social.kith.ssb.store.StoreError;

/**
 * The store's log records, format version 1 (big-endian):
 *
 * <pre>
 * message: 0x01, receivedAt (8, epoch ms), message id (32), json length (4), UTF-8 of JSON.stringify(value, null, 2)
 * fork:    0x02, recordedAt (8, epoch ms), held length (4), held JSON, conflicting length (4), conflicting JSON
 * </pre>
 *
 * The JSON is the truth; the message id is kept beside it so that a rebuild need not rehash.
 */
public final class RecordCodec {
  public static final byte MESSAGE = 1;
  public static final byte FORK = 2;

  private RecordCodec() {}

  /** A decoded record. */
  public sealed interface Record permits MessageRecord, ForkRecord {}

  public record MessageRecord(long receivedAt, MessageId id, byte[] json) implements Record {}

  public record ForkRecord(long recordedAt, byte[] heldJson, byte[] conflictingJson) implements Record {}

  public static byte[] message(long receivedAt, MessageId id, String signedJson) {
    byte[] json = signedJson.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + 32 + 4 + json.length)
        .put(MESSAGE).putLong(receivedAt).put(id.bytes()).putInt(json.length).put(json).array();
  }

  public static byte[] fork(long recordedAt, String heldJson, String conflictingJson) {
    byte[] held = heldJson.getBytes(StandardCharsets.UTF_8);
    byte[] conflicting = conflictingJson.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + 4 + held.length + 4 + conflicting.length)
        .put(FORK).putLong(recordedAt).putInt(held.length).put(held).putInt(conflicting.length).put(conflicting)
        .array();
  }

  /**
   * Decodes a record.
   *
   * @throws StorageException {@link StoreError#CORRUPT_RECORD} if it is not a well-formed record
   */
  public static Record decode(byte[] payload, long offset) {
    try {
      ByteBuffer b = ByteBuffer.wrap(payload);
      byte kind = b.get();
      Record r;
      if (kind == MESSAGE) {
        long at = b.getLong();
        byte[] id = new byte[32];
        b.get(id);
        r = new MessageRecord(at, MessageId.of(id), bytes(b));
      } else if (kind == FORK) {
        long at = b.getLong();
        r = new ForkRecord(at, bytes(b), bytes(b));
      } else {
        throw corrupt(offset, "unknown record kind " + kind, null);
      }
      if (b.hasRemaining()) {
        throw corrupt(offset, b.remaining() + " trailing bytes", null);
      }
      return r;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt(offset, "truncated or malformed record", e);
    }
  }

  /** Parses stored JSON into the message value. */
  public static JsonObject parse(byte[] json, long offset) {
    try {
      JsonValue v = JsonParser.DEFAULT.parse(json);
      if (v instanceof JsonObject o) {
        return o;
      }
      throw corrupt(offset, "stored message is not a JSON object", null);
    } catch (SsbException e) {
      throw corrupt(offset, "stored message is not valid JSON: " + e.getMessage(), e);
    }
  }

  public static StorageException corrupt(long offset, String what, Throwable cause) {
    return new StorageException(StoreError.CORRUPT_RECORD, "store record at log offset " + offset + ": " + what, cause);
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("length " + n + " out of range");
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
