package social.kith.ssb;

import social.kith.ssb.internal.RefText;

/** A classic message id, {@code %<base64 sha256>.sha256}: the hash of the signed message's V8 JSON. Immutable; equal when the bytes are equal. */
public final class MessageId extends RefValue implements SsbRef {
  private MessageId(byte[] bytes) {
    super(bytes, '%', ".sha256", "message/sha256");
  }

  /** The id of a 32-byte hash. */
  public static MessageId of(byte[] bytes) {
    return new MessageId(RefText.check(bytes));
  }

  /** Parses the sigil form; {@link SsbError#INVALID_REF} unless it is exactly {@code %<canonical base64>.sha256}. */
  public static MessageId parse(String ref) {
    return new MessageId(RefText.parse(ref, '%', ".sha256", "message id"));
  }

  /** Whether {@code ref} is a valid sigil form (ssb-ref's {@code isMsg} with canonical base64 and the exact suffix). */
  public static boolean isValid(String ref) {
    try {
      parse(ref);
      return true;
    } catch (SsbException e) {
      return false;
    }
  }
}
