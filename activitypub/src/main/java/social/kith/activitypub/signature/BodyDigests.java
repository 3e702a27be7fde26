package social.kith.activitypub.signature;

import java.util.Locale;
import java.util.Map;
import social.kith.activitypub.signature.internal.Sf;
import social.kith.crypto.ConstantTime;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Hashes;
import social.kith.crypto.encoding.CanonicalBase64;

/**
 * Body digests: RFC 3230 {@code Digest} (draft-cavage: {@code SHA-256=base64}) and RFC 9530
 * {@code Content-Digest} ({@code sha-256=:base64:}). SHA-256 and SHA-512 are accepted. A header
 * that lists other algorithms as well is checked on the accepted ones (every accepted entry must
 * match); one that lists only others (e.g. {@code MD5=}) is {@link SignatureError#UNSUPPORTED_DIGEST}.
 * Values must be canonical base64 of exactly the algorithm's length, otherwise
 * {@link SignatureError#MALFORMED_DIGEST}. Comparison is constant-time (checklist item 8).
 */
public final class BodyDigests {
  /** The most entries read from one digest header. */
  public static final int MAX_ENTRIES = 8;
  /** The longest digest header read, in characters. */
  public static final int MAX_LENGTH = 1024;

  private BodyDigests() {}

  /** {@code SHA-256=<base64>} of {@code body}, for the {@code Digest} header. */
  public static String digestHeader(byte[] body) {
    return "SHA-256=" + CanonicalBase64.encode(Hashes.sha256(body));
  }

  /** {@code sha-256=:<base64>:} of {@code body}, for the {@code Content-Digest} header. */
  public static String contentDigestHeader(byte[] body) {
    return "sha-256=:" + CanonicalBase64.encode(Hashes.sha256(body)) + ":";
  }

  /** {@code sha-512=:<base64>:} of {@code body}, for the {@code Content-Digest} header. */
  public static String contentDigestSha512Header(byte[] body) {
    return "sha-512=:" + CanonicalBase64.encode(Hashes.sha512(body)) + ":";
  }

  /**
   * Checks a {@code Digest} header value against {@code body}.
   *
   * @throws SignatureException {@link SignatureError#DIGEST_MISMATCH},
   *     {@link SignatureError#UNSUPPORTED_DIGEST} or {@link SignatureError#MALFORMED_DIGEST}
   */
  public static void verifyDigest(String headerValue, byte[] body) {
    checkLength(headerValue);
    int accepted = 0;
    int entries = 0;
    int i = 0;
    int n = headerValue.length();
    while (i <= n) {
      int comma = headerValue.indexOf(',', i);
      int end = comma < 0 ? n : comma;
      String entry = headerValue.substring(i, end).strip();
      i = end + 1;
      if (entry.isEmpty()) {
        throw malformed("empty entry in Digest");
      }
      if (++entries > MAX_ENTRIES) {
        throw malformed("more than " + MAX_ENTRIES + " entries in Digest");
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw malformed("Digest entry without '='");
      }
      String algorithm = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = entry.substring(eq + 1).strip();
      if (check(algorithm, decode(algorithm, value), body)) {
        accepted++;
      }
      if (comma < 0) {
        break;
      }
    }
    if (accepted == 0) {
      throw new SignatureException(SignatureError.UNSUPPORTED_DIGEST,
          "Digest has no SHA-256 or SHA-512 entry");
    }
  }

  /**
   * Checks a {@code Content-Digest} header value (an RFC 8941 dictionary) against {@code body}.
   *
   * @throws SignatureException as {@link #verifyDigest}
   */
  public static void verifyContentDigest(String headerValue, byte[] body) {
    checkLength(headerValue);
    Map<String, Sf.Member> dict;
    try {
      dict = Sf.parseDictionary(headerValue);
    } catch (Sf.ParseException e) {
      throw malformed("Content-Digest is not a structured dictionary: " + e.getMessage());
    }
    if (dict.isEmpty()) {
      throw malformed("Content-Digest is empty");
    }
    if (dict.size() > MAX_ENTRIES) {
      throw malformed("more than " + MAX_ENTRIES + " entries in Content-Digest");
    }
    int accepted = 0;
    for (Map.Entry<String, Sf.Member> e : dict.entrySet()) {
      String algorithm = e.getKey();
      if (!algorithm.equals("sha-256") && !algorithm.equals("sha-512")) {
        continue;
      }
      if (!(e.getValue() instanceof Sf.Item) || !(((Sf.Item) e.getValue()).value() instanceof byte[])) {
        throw malformed("Content-Digest " + algorithm + " is not a byte sequence");
      }
      byte[] value = (byte[]) ((Sf.Item) e.getValue()).value();
      if (check(algorithm, lengthChecked(algorithm, value), body)) {
        accepted++;
      }
    }
    if (accepted == 0) {
      throw new SignatureException(SignatureError.UNSUPPORTED_DIGEST,
          "Content-Digest has no sha-256 or sha-512 entry");
    }
  }

  private static byte[] decode(String algorithm, String value) {
    if (!algorithm.equals("sha-256") && !algorithm.equals("sha-512")) {
      return null;
    }
    try {
      return lengthChecked(algorithm, CanonicalBase64.decode(value));
    } catch (CryptoException e) {
      throw malformed(algorithm + " digest is not canonical base64");
    }
  }

  private static byte[] lengthChecked(String algorithm, byte[] value) {
    int expected = algorithm.equals("sha-256") ? Hashes.SHA256_LENGTH : Hashes.SHA512_LENGTH;
    if (value.length != expected) {
      throw malformed(algorithm + " digest has " + value.length + " bytes, not " + expected);
    }
    return value;
  }

  /** True if checked (and matching); false if the algorithm is not one Kith accepts. */
  private static boolean check(String algorithm, byte[] claimed, byte[] body) {
    if (claimed == null) {
      return false;
    }
    byte[] actual = algorithm.equals("sha-256") ? Hashes.sha256(body) : Hashes.sha512(body);
    if (!ConstantTime.equals(actual, claimed)) {
      throw new SignatureException(SignatureError.DIGEST_MISMATCH,
          "the body does not match its " + algorithm + " digest");
    }
    return true;
  }

  private static void checkLength(String headerValue) {
    if (headerValue.length() > MAX_LENGTH) {
      throw malformed("digest header longer than " + MAX_LENGTH + " characters");
    }
  }

  private static SignatureException malformed(String message) {
    return new SignatureException(SignatureError.MALFORMED_DIGEST, message);
  }
}
