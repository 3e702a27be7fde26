package social.kith.crypto;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Sign → verify round trips, and a single flipped bit in message or signature fails. */
class SignatureProperties {
  /** One key per algorithm for the class: RSA key generation is slow. */
  private static final RsaPrivateKey RSA = RsaTest.KEY;
  private static final EcdsaPrivateKey ECDSA = EcdsaKeys.generate();
  private static final HmacSha256Key HMAC = HmacSha256Key.generate();

  private static boolean roundTrip(SigningKey key, byte[] message, int bit, boolean flipSignature) {
    byte[] sig = key.sign(message);
    VerifyingKey v = key.verifyingKey();
    if (!v.verify(message, sig)) {
      return false;
    }
    if (flipSignature) {
      byte[] bad = sig.clone();
      int i = bit % (bad.length * 8);
      bad[i / 8] ^= (byte) (1 << (i % 8));
      return !v.verify(message, bad);
    }
    if (message.length == 0) {
      return !v.verify(new byte[] {0}, sig);
    }
    byte[] bad = message.clone();
    int i = bit % (bad.length * 8);
    bad[i / 8] ^= (byte) (1 << (i % 8));
    return !v.verify(bad, sig);
  }

  @Property(tries = 30)
  boolean rsaPkcs1(@ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 100_000) int bit,
      @ForAll boolean flipSignature) {
    return roundTrip(RSA, message, bit, flipSignature);
  }

  @Property(tries = 30)
  boolean rsaPss(@ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 100_000) int bit) {
    byte[] sig = RSA.signPss(message);
    if (!RSA.verifyingKey().verifyPss(message, sig)) {
      return false;
    }
    int i = bit % (sig.length * 8);
    sig[i / 8] ^= (byte) (1 << (i % 8));
    return !RSA.verifyingKey().verifyPss(message, sig);
  }

  @Property(tries = 100)
  boolean ecdsa(@ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 100_000) int bit,
      @ForAll boolean flipSignature) {
    return roundTrip(ECDSA, message, bit, flipSignature);
  }

  @Property(tries = 100)
  boolean ecdsaDer(@ForAll @Size(max = 300) byte[] message) {
    byte[] der = ECDSA.signDer(message);
    return ECDSA.verifyingKey().verify(message, der) && ECDSA.verifyingKey().verifyDer(message, der);
  }

  @Property(tries = 200)
  boolean hmac(@ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 100_000) int bit,
      @ForAll boolean flipSignature) {
    return roundTrip(HMAC, message, bit, flipSignature);
  }

  @Property(tries = 100)
  boolean chaChaRoundTripsAndDetectsFlips(@ForAll @Size(32) byte[] key, @ForAll @Size(12) byte[] nonce,
      @ForAll @Size(max = 200) byte[] plaintext, @ForAll @Size(max = 20) byte[] aad,
      @ForAll @IntRange(min = 0, max = 100_000) int bit) {
    byte[] sealed = ChaCha20Poly1305.seal(key, nonce, plaintext, aad);
    if (!java.util.Arrays.equals(plaintext, ChaCha20Poly1305.open(key, nonce, sealed, aad))) {
      return false;
    }
    int i = bit % (sealed.length * 8);
    sealed[i / 8] ^= (byte) (1 << (i % 8));
    try {
      ChaCha20Poly1305.open(key, nonce, sealed, aad);
      return false;
    } catch (CryptoException e) {
      return e.reason() == CryptoException.Reason.AUTHENTICATION_FAILED;
    }
  }
}
