package social.kith.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Ed25519 edge cases shared by the unit, differential and property tests. */
final class EdgeCases {
  private EdgeCases() {}

  private static final HexFormat HEX = HexFormat.of();

  /** The 7 encodings libsodium blocklists as small order, each with and without the sign bit. */
  static List<byte[]> smallOrderEncodings() {
    String[] hex = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    List<byte[]> out = new ArrayList<>();
    for (String h : hex) {
      byte[] b = HEX.parseHex(h);
      out.add(b.clone());
      b[31] |= (byte) 0x80;
      out.add(b);
    }
    // The order-4 points (x = ±sqrt(-1), y = 0) and order-8 points with x negated.
    return out;
  }

  /** Encodings with y >= p (non-canonical), with and without the sign bit. */
  static List<byte[]> nonCanonicalEncodings() {
    List<byte[]> out = new ArrayList<>();
    for (int low = 0xed; low <= 0xff; low++) {
      byte[] b = new byte[32];
      Arrays.fill(b, (byte) 0xff);
      b[0] = (byte) low;
      b[31] = 0x7f;
      out.add(b.clone());
      b[31] = (byte) 0xff;
      out.add(b);
    }
    return out;
  }

  /** The secret scalar of a seed (SHA-512, clamped), as libsodium derives it. */
  static BigInteger secretScalar(byte[] seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
      h[0] &= (byte) 248;
      h[31] &= 127;
      h[31] |= 64;
      return RefEd25519.fromLe(Arrays.copyOf(h, 32));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Signatures whose R carries a torsion component (order 2, 4 or 8): libsodium rejects all. */
  static synchronized List<Ed25519Signed> mixedOrderR() {
    if (mixedOrderR == null) {
      mixedOrderR = List.copyOf(buildMixedOrderR());
    }
    return mixedOrderR;
  }

  private static List<Ed25519Signed> mixedOrderR;
  private static List<Ed25519Signed> mixedOrderA;

  private static List<Ed25519Signed> buildMixedOrderR() {
    Random rnd = new Random(1234);
    List<Ed25519Signed> out = new ArrayList<>();
    RefEd25519.Point t4 = RefEd25519.add(RefEd25519.T8, RefEd25519.T8);
    RefEd25519.Point[] torsion = {RefEd25519.T2, t4, RefEd25519.T8, RefEd25519.neg(RefEd25519.T8)};
    for (int i = 0; i < 24; i++) {
      byte[] seed = new byte[32];
      rnd.nextBytes(seed);
      Ed25519PrivateKey key = Ed25519.fromSeed(seed);
      BigInteger a = secretScalar(seed);
      BigInteger r = new BigInteger(250, rnd);
      RefEd25519.Point rp = RefEd25519.add(RefEd25519.mul(r, RefEd25519.B), torsion[i % torsion.length]);
      byte[] msg = ("mixed-order R " + i).getBytes(StandardCharsets.UTF_8);
      out.add(Ed25519Signed.of(key.publicKey(), msg, RefEd25519.sign(a, key.publicKey().bytes(), r, rp, msg)));
    }
    return out;
  }

  /**
   * Signatures under a mixed-order public key A = [a]B + T with an honest R = [r]B: libsodium
   * accepts exactly when [k]T is the neutral element (k = H(R, A, M) mod L).
   */
  static synchronized List<Ed25519Signed> mixedOrderA() {
    if (mixedOrderA == null) {
      mixedOrderA = List.copyOf(buildMixedOrderA());
    }
    return mixedOrderA;
  }

  private static List<Ed25519Signed> buildMixedOrderA() {
    Random rnd = new Random(99);
    List<Ed25519Signed> out = new ArrayList<>();
    RefEd25519.Point t4 = RefEd25519.add(RefEd25519.T8, RefEd25519.T8);
    RefEd25519.Point[] torsion = {RefEd25519.T2, t4, RefEd25519.T8};
    for (int i = 0; i < 8; i++) {
      BigInteger a = new BigInteger(250, rnd);
      RefEd25519.Point ap = RefEd25519.add(RefEd25519.mul(a, RefEd25519.B), torsion[i % torsion.length]);
      byte[] aEnc = RefEd25519.encode(ap);
      for (int j = 0; j < 6; j++) {
        BigInteger r = new BigInteger(250, rnd);
        byte[] msg = ("mixed-order A " + i + "/" + j).getBytes(StandardCharsets.UTF_8);
        byte[] sig = RefEd25519.sign(a, aEnc, r, RefEd25519.mul(r, RefEd25519.B), msg);
        out.add(Ed25519Signed.of(Ed25519PublicKey.of(aEnc), msg, sig));
      }
    }
    return out;
  }

  /** Every Ed25519 edge case as verification items (valid and invalid). */
  static List<Ed25519Signed> ed25519Items() {
    List<Ed25519Signed> out = new ArrayList<>();
    out.addAll(mixedOrderR());
    out.addAll(mixedOrderA());
    Random rnd = new Random(5);
    byte[] seed = new byte[32];
    rnd.nextBytes(seed);
    Ed25519PrivateKey key = Ed25519.fromSeed(seed);
    byte[] msg = "edge".getBytes(StandardCharsets.UTF_8);
    byte[] good = key.sign(msg);
    out.add(Ed25519Signed.of(key.publicKey(), msg, good));
    // Non-canonical S: S + L, S + 2L, S with the top bits set.
    BigInteger s = RefEd25519.fromLe(Arrays.copyOfRange(good, 32, 64));
    for (BigInteger bad : new BigInteger[] {s.add(RefEd25519.L), s.add(RefEd25519.L.shiftLeft(1)),
        s.add(RefEd25519.L.multiply(BigInteger.valueOf(15)))}) {
      if (bad.bitLength() <= 256) {
        byte[] sig = good.clone();
        System.arraycopy(RefEd25519.le(bad, 32), 0, sig, 32, 32);
        out.add(Ed25519Signed.of(key.publicKey(), msg, sig));
      }
    }
    byte[] lsig = good.clone();
    System.arraycopy(RefEd25519.le(RefEd25519.L, 32), 0, lsig, 32, 32);
    out.add(Ed25519Signed.of(key.publicKey(), msg, lsig));
    // Small-order and non-canonical R with valid-looking S; small-order and non-canonical keys.
    List<byte[]> weird = new ArrayList<>(smallOrderEncodings());
    weird.addAll(nonCanonicalEncodings());
    for (byte[] enc : weird) {
      byte[] sig = good.clone();
      System.arraycopy(enc, 0, sig, 0, 32);
      out.add(Ed25519Signed.of(key.publicKey(), msg, sig));
      byte[] zeroS = new byte[64];
      System.arraycopy(enc, 0, zeroS, 0, 32);
      out.add(Ed25519Signed.of(Ed25519PublicKey.of(enc), msg, zeroS));
      out.add(Ed25519Signed.of(Ed25519PublicKey.of(enc), msg, good));
      // R = A = small order, S = 0: "[0]B - [k]A == R" can hold for the identity and others.
      out.add(Ed25519Signed.of(Ed25519PublicKey.of(enc), new byte[0], zeroS));
    }
    // A non-canonical encoding of a key that is otherwise valid: y + p has the same point only
    // when y < 19, so use the canonical key with its sign bit flipped (the negated point).
    byte[] flipped = key.publicKey().bytes();
    flipped[31] ^= (byte) 0x80;
    out.add(Ed25519Signed.of(Ed25519PublicKey.of(flipped), msg, good));
    return out;
  }
}
