package social.kith.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and SHA-512 through the JDK's {@link MessageDigest}, which uses the CPU's SHA
 * instructions where the JVM has intrinsics for them.
 *
 * <pre>{@code
 * byte[] d = Hashes.sha256(body);
 * Hashes.Hasher h = Hashes.newSha512();
 * h.update(part1).update(part2);
 * byte[] d2 = h.digest();
 * }</pre>
 */
public final class Hashes {
  private Hashes() {}

  /** Bytes in a SHA-256 digest. */
  public static final int SHA256_LENGTH = 32;
  /** Bytes in a SHA-512 digest. */
  public static final int SHA512_LENGTH = 64;

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return md("SHA-256").digest(data);
  }

  /** SHA-256 of the concatenation of {@code parts}, without copying them together. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = md("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** SHA-256 of the remaining bytes of {@code data}, which it consumes. */
  public static byte[] sha256(ByteBuffer data) {
    MessageDigest md = md("SHA-256");
    md.update(data);
    return md.digest();
  }

  /** SHA-512 of {@code data}. */
  public static byte[] sha512(byte[] data) {
    return md("SHA-512").digest(data);
  }

  /** SHA-512 of the concatenation of {@code parts}. */
  public static byte[] sha512(byte[]... parts) {
    MessageDigest md = md("SHA-512");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** SHA-512 of the remaining bytes of {@code data}, which it consumes. */
  public static byte[] sha512(ByteBuffer data) {
    MessageDigest md = md("SHA-512");
    md.update(data);
    return md.digest();
  }

  /** A streaming SHA-256. */
  public static Hasher newSha256() {
    return new Hasher(md("SHA-256"));
  }

  /** A streaming SHA-512. */
  public static Hasher newSha512() {
    return new Hasher(md("SHA-512"));
  }

  /** An incremental hash. Not thread-safe; {@link #digest()} resets it for reuse. */
  public static final class Hasher {
    private final MessageDigest md;

    private Hasher(MessageDigest md) {
      this.md = md;
    }

    /** Adds {@code data}. */
    public Hasher update(byte[] data) {
      md.update(data);
      return this;
    }

    /** Adds {@code length} bytes of {@code data} from {@code offset}. */
    public Hasher update(byte[] data, int offset, int length) {
      md.update(data, offset, length);
      return this;
    }

    /** Adds the remaining bytes of {@code data}, which it consumes. */
    public Hasher update(ByteBuffer data) {
      md.update(data);
      return this;
    }

    /** The digest of everything added since creation or the last digest; then resets. */
    public byte[] digest() {
      return md.digest();
    }

    /** Digest length in bytes. */
    public int length() {
      return md.getDigestLength();
    }

    @Override
    public String toString() {
      return "Hasher[" + md.getAlgorithm() + "]";
    }
  }

  private static MessageDigest md(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
