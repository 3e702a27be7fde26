package social.kith.crypto.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The P-256 curve: the JDK's parameters, an on-curve check, and public-point derivation. */
public final class EcdsaP256Curve {
  private EcdsaP256Curve() {}

  /** The JDK parameter spec for secp256r1. */
  public static final ECParameterSpec PARAMS;
  /** The field prime. */
  public static final BigInteger P;
  /** The group order. */
  public static final BigInteger N;
  private static final BigInteger A;
  private static final BigInteger B;

  static {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      PARAMS = ap.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
    P = ((java.security.spec.ECFieldFp) PARAMS.getCurve().getField()).getP();
    N = PARAMS.getOrder();
    A = PARAMS.getCurve().getA();
    B = PARAMS.getCurve().getB();
  }

  /** True if (x, y) is a point of P-256 with both coordinates reduced (not the identity). */
  public static boolean isOnCurve(BigInteger x, BigInteger y) {
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      return false;
    }
    BigInteger lhs = y.multiply(y).mod(P);
    BigInteger rhs = x.multiply(x).multiply(x).add(A.multiply(x)).add(B).mod(P);
    return lhs.equals(rhs);
  }

  /** d·G as {x, y}, for 1 ≤ d < n. */
  public static BigInteger[] publicPoint(BigInteger d) {
    X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
    ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
    return new BigInteger[] {q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()};
  }
}
