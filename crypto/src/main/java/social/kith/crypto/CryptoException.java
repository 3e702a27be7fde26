package social.kith.crypto;

import java.util.Objects;

/**
 * A key, ciphertext or encoding that cannot be used. The {@link #reason()} is machine-readable;
 * the message is for people and never contains key material.
 */
public final class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an input was refused. */
  public enum Reason {
    /** Base64 with padding, bits or characters that a canonical encoder would not produce. */
    NON_CANONICAL_BASE64,
    /** Text that is not valid in the encoding it claims (base64, base58, multibase, hex, JWK). */
    MALFORMED_ENCODING,
    /** A key, nonce, signature or MAC of the wrong length. */
    INVALID_LENGTH,
    /** A key of a type, size or shape that Kith refuses (e.g. RSA under 2048 or over 8192 bits). */
    UNSUPPORTED_KEY,
    /** PEM text that is truncated, malformed, of an unexpected kind or holds more than one key. */
    MALFORMED_PEM,
    /** A Diffie-Hellman result that is all zeros: the peer's key has low order. */
    NON_CONTRIBUTORY_KEY,
    /** A ciphertext or MAC that does not authenticate. No plaintext is released. */
    AUTHENTICATION_FAILED,
    /** An argument outside the documented range (e.g. a negative HKDF length). */
    INVALID_ARGUMENT
  }

  private final Reason reason;

  public CryptoException(Reason reason, String message) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message);
    this.reason = reason;
  }

  public CryptoException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
    this.reason = reason;
  }

  /** The machine-readable reason. */
  public Reason reason() {
    return reason;
  }
}
