package social.kith.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A slow, obviously-correct affine Edwards25519 in BigInteger, used by tests only to build edge
 * cases (torsion components, mixed-order keys and R values, non-canonical encodings).
 */
final class RefEd25519 {
  private RefEd25519() {}

  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
  static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  static final BigInteger I = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  record Point(BigInteger x, BigInteger y) {}

  static final Point ZERO = new Point(BigInteger.ZERO, BigInteger.ONE);
  static final Point B = decode(HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666"));
  /** (0, -1), order 2. */
  static final Point T2 = new Point(BigInteger.ZERO, P.subtract(BigInteger.ONE));
  /** An order-8 point. */
  static final Point T8 = decode(HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

  static Point add(Point a, Point b) {
    BigInteger xx = a.x.multiply(b.x).mod(P);
    BigInteger yy = a.y.multiply(b.y).mod(P);
    BigInteger dxy = D.multiply(xx).multiply(yy).mod(P);
    BigInteger x = a.x.multiply(b.y).add(b.x.multiply(a.y)).multiply(BigInteger.ONE.add(dxy).modInverse(P)).mod(P);
    BigInteger y = yy.add(xx).multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
    return new Point(x, y);
  }

  static Point neg(Point a) {
    return new Point(a.x.negate().mod(P), a.y);
  }

  static Point mul(BigInteger n, Point a) {
    Point r = ZERO;
    for (int i = n.bitLength() - 1; i >= 0; i--) {
      r = add(r, r);
      if (n.testBit(i)) {
        r = add(r, a);
      }
    }
    return r;
  }

  /** Decodes with y taken modulo p; null if not on the curve. */
  static Point decode(byte[] s) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = s[31 - i];
    }
    int sign = (be[0] & 0x80) >>> 7;
    be[0] &= 0x7f;
    BigInteger y = new BigInteger(1, be).mod(P);
    BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(I).mod(P);
    }
    if (!x.multiply(x).mod(P).equals(x2)) {
      return null;
    }
    if (x.testBit(0) != (sign == 1)) {
      x = x.negate().mod(P);
    }
    return new Point(x, y);
  }

  static byte[] encode(Point a) {
    byte[] out = le(a.y, 32);
    if (a.x.testBit(0)) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }

  static byte[] le(BigInteger v, int len) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[len];
    for (int i = 0; i < be.length && i < len; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  static BigInteger fromLe(byte[] b) {
    byte[] be = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      be[i] = b[b.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  static BigInteger hashToScalar(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      for (byte[] p : parts) {
        sha.update(p);
      }
      return fromLe(sha.digest()).mod(L);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A signature by secret scalar {@code a} (public key {@code aEnc}, which may hold a torsion
   * component) with the nonce point {@code rPoint = [r]B + torsion}: S = r + k·a mod L.
   */
  static byte[] sign(BigInteger a, byte[] aEnc, BigInteger r, Point rPoint, byte[] message) {
    byte[] rEnc = encode(rPoint);
    BigInteger k = hashToScalar(rEnc, aEnc, message);
    BigInteger s = r.add(k.multiply(a)).mod(L);
    byte[] sig = new byte[64];
    System.arraycopy(rEnc, 0, sig, 0, 32);
    System.arraycopy(le(s, 32), 0, sig, 32, 32);
    return sig;
  }

  /** True when the point decoded from {@code enc} (y modulo p) exists and has order dividing 8. */
  static boolean hasSmallOrder(byte[] enc) {
    Point p = decode(enc);
    return p != null && mul(BigInteger.valueOf(8), p).equals(ZERO);
  }

  /**
   * A model of libsodium's {@code crypto_sign_verify_detached} written from its definition, sharing
   * no code with {@code NaclEd25519}: S below L, R not of small order, A canonical (y below p), on
   * the curve and not of small order, and {@code encode([S]B - [k]A)} equal to the R bytes, where
   * A keeps any torsion component and k = SHA-512(R || A || M) mod L.
   */
  static boolean verifyLikeLibsodium(byte[] pk, byte[] message, byte[] sig) {
    if (pk.length != 32 || sig.length != 64) {
      return false;
    }
    BigInteger s = fromLe(Arrays.copyOfRange(sig, 32, 64));
    byte[] rEnc = Arrays.copyOf(sig, 32);
    if (s.compareTo(L) >= 0 || hasSmallOrder(rEnc)) {
      return false;
    }
    BigInteger yA = fromLe(pk).clearBit(255);
    Point a = decode(pk);
    if (yA.compareTo(P) >= 0 || a == null || hasSmallOrder(pk)) {
      return false;
    }
    BigInteger k = hashToScalar(rEnc, pk, message);
    Point q = add(mul(s, B), neg(mul(k, a)));
    return Arrays.equals(encode(q), rEnc); // not secret: test model of a public check
  }
}
