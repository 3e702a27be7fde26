package social.kith.ssb.box;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.X25519PrivateKey;
import social.kith.crypto.X25519PublicKey;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * Private message content as ssb-keys 8.5.0 makes it ({@code box}/{@code unbox}): the string
 * {@code "<base64 of a PrivateBox>.box"} whose plaintext is the UTF-8 of {@code JSON.stringify(content)}
 * (compact), sealed for the Curve25519 forms of the recipients' Ed25519 feed keys. By convention the
 * content lists its readers in {@code recps}, and the author includes themself so they can read
 * their own message. Stateless and thread-safe.
 */
public final class BoxedContent {
  private BoxedContent() {}

  /** The suffix of box1 content strings. */
  public static final String SUFFIX = ".box";

  /** Longest boxed string opened; a classic message is at most 8192 UTF-16 units anyway. */
  public static final int MAX_BOXED_LENGTH = 1 << 20;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonParser PARSER = JsonParser.DEFAULT;

  /**
   * Boxes {@code content} for 1 to 7 feeds.
   *
   * @throws PrivateBoxException {@code NO_RECIPIENTS}, {@code TOO_MANY_RECIPIENTS}, or
   *     {@code INVALID_RECIPIENT} for a feed key with no Curve25519 form
   */
  public static String box(JsonValue content, List<FeedId> recipients) {
    return box(content, recipients, RANDOM);
  }

  /** {@link #box(JsonValue, List)} with the nonce and keys drawn from {@code random}. */
  public static String box(JsonValue content, List<FeedId> recipients, SecureRandom random) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.size() > PrivateBox.MAX_RECIPIENTS) {
      throw new PrivateBoxException(PrivateBoxError.TOO_MANY_RECIPIENTS,
          "a private message has at most " + PrivateBox.MAX_RECIPIENTS + " recipients, not " + recipients.size());
    }
    List<X25519PublicKey> keys = new ArrayList<>(recipients.size());
    for (FeedId feed : recipients) {
      keys.add(curveKey(Objects.requireNonNull(feed, "recipient")));
    }
    byte[] plaintext = V8Json.stringifyCompact(content).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(PrivateBox.encrypt(plaintext, keys, random)) + SUFFIX;
  }

  /** ssb-keys' {@code crypto_sign_ed25519_pk_to_curve25519} of a feed key. */
  public static X25519PublicKey curveKey(FeedId feed) {
    try {
      return Ed25519PublicKey.of(feed.bytes()).toX25519();
    } catch (CryptoException e) {
      throw new PrivateBoxException(PrivateBoxError.INVALID_RECIPIENT,
          "the feed key has no Curve25519 form: " + feed, e);
    }
  }

  /** The Curve25519 secret that opens boxes for {@code keys} ({@code crypto_sign_ed25519_sk_to_curve25519}). */
  public static X25519PrivateKey boxKey(SsbKeyPair keys) {
    return keys.privateKey().toX25519();
  }

  /** {@link #unbox(String, X25519PrivateKey)} with a feed's key pair. */
  public static Optional<JsonValue> unbox(String boxed, SsbKeyPair keys) {
    return unbox(boxed, boxKey(Objects.requireNonNull(keys, "keys")));
  }

  /**
   * The content of a {@code "<base64>.box"} string, or empty when it is not for {@code key}, is not a
   * box1 string, or does not hold JSON (ssb-keys returns {@code undefined} for all of these). Never
   * throws for any {@code boxed} string. Keep the {@code key} object for a whole feed: converting a
   * key costs a hash.
   */
  public static Optional<JsonValue> unbox(String boxed, X25519PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (boxed == null || boxed.length() > MAX_BOXED_LENGTH || !boxed.endsWith(SUFFIX)
        || boxed.indexOf('.') != boxed.length() - SUFFIX.length()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(boxed.substring(0, boxed.length() - SUFFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<byte[]> plaintext = PrivateBox.decrypt(bytes, key);
    if (plaintext.isEmpty()) {
      return Optional.empty();
    }
    try {
      // ssb-keys parses "" + buffer: UTF-8 with malformed sequences replaced, not refused.
      return Optional.of(PARSER.parse(new String(plaintext.get(), StandardCharsets.UTF_8)));
    } catch (SsbException e) {
      return Optional.empty();
    }
  }
}
