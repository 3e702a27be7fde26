package social.kith.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA P-256 verification through Bouncy Castle. The JDK 17 SunEC verifier rejects valid
 * signatures whose nonce point has an x-coordinate of at least n (Wycheproof ecdsa_secp256r1_sha256
 * tcId 350, "k*G has a large x-coordinate"); Bouncy Castle reduces x mod n as FIPS 186 requires.
 */
public final class EcdsaP256Verifier {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(
      CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  private final ECPublicKeyParameters key;

  /** A verifier for the point (x, y), which the caller has checked is on the curve. */
  public EcdsaP256Verifier(BigInteger x, BigInteger y) {
    this.key = new ECPublicKeyParameters(CURVE.getCurve().createPoint(x, y), DOMAIN);
  }

  /** True if (r, s) signs the SHA-256 digest {@code digest}; r and s must be in [1, n−1]. */
  public boolean verify(byte[] digest, BigInteger r, BigInteger s) {
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, key);
    return signer.verifySignature(digest, r, s);
  }
}
