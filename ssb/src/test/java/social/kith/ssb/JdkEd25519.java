package social.kith.ssb;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Ed25519 from the JDK (java.security EdDSA) behind the module's seams, for tests only: Kith wires
 * its libsodium-compatible crypto in production.
 */
public final class JdkEd25519 {
  private JdkEd25519() {}

  /** A verifier that returns false on any malformed key or signature. */
  public static final Ed25519Verifier VERIFIER = JdkEd25519::verify;

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(publicKey(publicKey));
      v.update(message);
      return v.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("public key must be 32 bytes");
    }
    byte[] le = raw.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  /** The public key of a 32-byte seed. */
  public static byte[] publicKeyOf(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
          System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
      });
      KeyPair kp = g.generateKeyPair();
      byte[] x509 = kp.getPublic().getEncoded();
      return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A signer for a 32-byte seed. */
  public static Ed25519Signer signer(byte[] seed) {
    byte[] pub = publicKeyOf(seed);
    byte[] s = seed.clone();
    return new Ed25519Signer() {
      @Override
      public byte[] publicKey() {
        return pub.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        try {
          PrivateKey key = KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, s));
          Signature sig = Signature.getInstance("Ed25519");
          sig.initSign(key);
          sig.update(message);
          return sig.sign();
        } catch (GeneralSecurityException e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public String toString() {
        return "JdkEd25519Signer[" + feedId() + "]";
      }
    };
  }
}
