package social.kith.core.testing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import social.kith.crypto.KeyAlgorithm;
import social.kith.crypto.SigningKey;
import social.kith.crypto.VerifyingKey;

/**
 * A signing key for tests: HMAC-SHA-256 over a secret, so that core's tests need no real
 * public-key crypto. Its "verifying key" shares the secret, which is fine for a test double only.
 * Neither reveals the secret in {@code toString}.
 */
public final class FakeSigningKey implements SigningKey {
  private final byte[] secret;
  private final Verifier verifier;

  public FakeSigningKey(byte[] secret) {
    this.secret = secret.clone();
    this.verifier = new Verifier(this.secret);
  }

  /** A key whose secret is derived from {@code seed}. */
  public static FakeSigningKey fromSeed(String seed) {
    return new FakeSigningKey(("fake-secret-" + seed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.HMAC_SHA256;
  }

  @Override
  public VerifyingKey verifyingKey() {
    return verifier;
  }

  @Override
  public byte[] sign(byte[] message) {
    return hmac(secret, message);
  }

  /** Exposes the secret only to test assertions that check it never leaks. */
  public String secretText() {
    return new String(secret, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FakeSigningKey[HMAC_SHA256]";
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Verifier implements VerifyingKey {
    private final byte[] secret;

    Verifier(byte[] secret) {
      this.secret = secret;
    }

    @Override
    public KeyAlgorithm algorithm() {
      return KeyAlgorithm.HMAC_SHA256;
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
      if (message == null || signature == null) {
        return false;
      }
      return MessageDigest.isEqual(hmac(secret, message), signature);
    }

    @Override
    public String toString() {
      return "FakeVerifyingKey[HMAC_SHA256]";
    }
  }
}
