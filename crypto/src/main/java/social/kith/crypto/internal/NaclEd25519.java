package social.kith.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Edwards25519 arithmetic that reproduces libsodium's {@code crypto_sign_ed25519_verify_detached}
 * and {@code crypto_sign_ed25519_pk_to_curve25519} bit for bit (libsodium 1.0.18 - 1.0.20 ref10
 * rules). Field arithmetic is Bouncy Castle's {@link X25519Field}; the group law, the checks and the
 * double-scalar multiplication follow ref10.
 *
 * <p>Why not Bouncy Castle's {@code Ed25519.verify}: it checks {@code [v1]([S]B - R) == [v0]A} with
 * half-size scalars ({@code v0 = k * v1 mod L}), which is the same as libsodium's
 * {@code encode([S]B - [k]A) == R} only when A and R have no torsion component. A key holder can
 * craft signatures with a mixed-order R (or a mixed-order public key) that one accepts and the other
 * rejects, which would split an SSB feed between Kith and libsodium peers. This class computes
 * exactly what libsodium computes.
 *
 * <p>Speed: a key's first verification runs ref10's 253-doubling ladder. From its second, a
 * {@link PublicPoint} holds affine tables of {@code [2^(32 j)](-A)} (j = 0..7, about 15 KB per
 * key), and with static tables of {@code [2^(32 j)]B} the ladder needs 32 doublings. Scalars are
 * split exactly, never reduced modulo L, so both ladders compute the same group element and the
 * verdicts cannot differ ({@code Ed25519FastPathProperties} checks all paths against an
 * independent model).
 *
 * <p>Internal: not exported. All methods are thread-safe (the only mutable state is a key's lazily
 * built, immutable-once-published tables).
 */
public final class NaclEd25519 {
  private NaclEd25519() {}

  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  /** The prime order of the base point, little-endian. */
  static final byte[] L_BYTES = le(BigInteger.ONE.shiftLeft(252)
      .add(new BigInteger("27742317777372353535851937790883648493")));

  private static final int[] D = fe(BigInteger.valueOf(-121665)
      .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
  private static final int[] D2 = fe(new BigInteger(1, rev(toBytes(D))).shiftLeft(1).mod(P));

  /**
   * The small-order encodings that libsodium's {@code ge25519_has_small_order} refuses, compared
   * with the sign bit masked: 0 (order 4), 1 (order 1), the two order-8 y coordinates, p-1
   * (order 2), p (= 0) and p+1 (= 1).
   */
  private static final byte[][] SMALL_ORDER = {
      hex("0000000000000000000000000000000000000000000000000000000000000000"),
      hex("0100000000000000000000000000000000000000000000000000000000000000"),
      hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
      hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
      hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
  };

  /** Base point odd multiples B, 3B, ..., 127B in precomputed affine form. */
  private static final int B_WINDOW_MAX = 127;
  private static final Precomp[] B_TABLE;
  /**
   * The comb ladder for cached keys cuts each 256-digit recoded scalar into {@code LANES} lanes of
   * {@code LANE_BITS} digits; lane j is applied to a table of odd multiples of
   * {@code [2^(LANE_BITS * j)]P}, so only {@code LANE_BITS} doublings are needed.
   */
  private static final int LANES = 8;
  private static final int LANE_BITS = 256 / LANES;
  /** {@code B_LANES[j]}: odd multiples of {@code [2^(LANE_BITS * j)]B} up to 127 times. */
  private static final Precomp[][] B_LANES = new Precomp[LANES][];
  /**
   * Window of the per-key lane tables (odd multiples 1..15, 8 entries per lane): a used key holds
   * its 8 first-use entries plus 8 * 8 affine lane entries (about 15 KB). Measured (thread CPU
   * time, one key, 2000 signatures): 8 lanes of window 7 took 37-39 us per verification, window 15
   * 32-34 us (one addition in five digits instead of one in four). 127 is the widest a byte digit
   * of {@link #slide} holds.
   */
  private static final int A_LANE_WINDOW_MAX = 15;
  /** Width of the signed sliding windows for the public key (odd multiples 1..15). */
  private static final int A_WINDOW_MAX = 15;

  static {
    byte[] bEnc = hex("5866666666666666666666666666666666666666666666666666666666666666");
    Ext b = new Ext();
    if (!decode(bEnc, false, b)) {
      throw new ExceptionInInitializerError("base point");
    }
    B_TABLE = precompTable(b);
    B_LANES[0] = B_TABLE;
    Scratch scratch = new Scratch();
    Ext shifted = b;
    for (int j = 1; j < LANES; j++) {
      shifted = shiftLane(shifted, scratch);
      B_LANES[j] = precompTable(shifted);
    }
  }

  private static Precomp[] precompTable(Ext p) {
    return toPrecompBatch(oddMultiples(p, (B_WINDOW_MAX + 1) / 2));
  }

  // ---------------------------------------------------------------------------------------------
  // Point types (ref10 naming): Ext = P3 (X:Y:Z:T), Cached = (Y+X, Y-X, Z, 2dT),
  // Precomp = affine (y+x, y-x, 2dxy), Completed = P1P1 (E, F, G, H) before the final products.

  static final class Ext {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();
  }

  static final class Cached {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t2d = X25519Field.create();
  }

  static final class Precomp {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] xy2d = X25519Field.create();
  }

  /**
   * A decoded public key with its table of odd multiples of -A, ready for verification. From the
   * second verification on it also holds the lane tables (odd multiples of
   * {@code [2^(32 j)](-A)} for j = 0..7), so that {@code [k](-A)} needs 32 doublings instead of
   * 253; a key verified once (a fresh object per call) never pays the 224 doublings those tables
   * cost.
   */
  public static final class PublicPoint {
    private final Ext negA;
    private final Cached[] negTable;
    /**
     * Lane tables in affine form (one field inversion for all of them); null until the second
     * verification.
     */
    private volatile Precomp[][] lanes;
    /** Set by the first verification (a benign race: at worst the tables are built twice). */
    private volatile boolean usedOnce;

    private PublicPoint(Ext negA, Cached[] negTable) {
      this.negA = negA;
      this.negTable = negTable;
    }

    /** The lane tables when this key has been used before (building them now), else null. */
    Precomp[][] lanes(Scratch scratch) {
      Precomp[][] l = lanes;
      if (l == null) {
        if (!usedOnce) {
          usedOnce = true;
          return null;
        }
        int perLane = (A_LANE_WINDOW_MAX + 1) / 2;
        Ext[] points = new Ext[LANES * perLane];
        Ext shifted = negA;
        for (int j = 0; j < LANES; j++) {
          if (j > 0) {
            shifted = shiftLane(shifted, scratch);
          }
          System.arraycopy(oddMultiples(shifted, perLane), 0, points, j * perLane, perLane);
        }
        Precomp[] affine = toPrecompBatch(points);
        l = new Precomp[LANES][];
        for (int j = 0; j < LANES; j++) {
          l[j] = java.util.Arrays.copyOfRange(affine, j * perLane, (j + 1) * perLane);
        }
        lanes = l;
      }
      return l;
    }
  }

  /**
   * Field temporaries of the group law for one computation, so that the ladders allocate nothing
   * per step. Not shared between threads: each verification makes its own.
   */
  static final class Scratch {
    final int[] a = X25519Field.create();
    final int[] b = X25519Field.create();
    final int[] c = X25519Field.create();
    final int[] d = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] ypx = X25519Field.create();
    final Completed completed = new Completed();
  }

  private static final class Completed {
    final int[] e = X25519Field.create();
    final int[] f = X25519Field.create();
    final int[] g = X25519Field.create();
    final int[] h = X25519Field.create();
  }

  // ---------------------------------------------------------------------------------------------
  // libsodium's byte-level checks

  /** libsodium's {@code ge25519_has_small_order}: the 7 blocklisted encodings, sign bit ignored. */
  public static boolean hasSmallOrder(byte[] s, int off) {
    int any = 0;
    for (byte[] bad : SMALL_ORDER) {
      int c = 0;
      for (int j = 0; j < 31; j++) {
        c |= (s[off + j] ^ bad[j]) & 0xff;
      }
      c |= ((s[off + 31] & 0x7f) ^ bad[31]) & 0xff;
      any |= (c == 0) ? 1 : 0;
    }
    return any != 0;
  }

  /** libsodium's {@code ge25519_is_canonical}: the y coordinate (sign bit ignored) is below p. */
  public static boolean isCanonicalPoint(byte[] s, int off) {
    if ((s[off + 31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i > 0; i--) {
      if ((s[off + i] & 0xff) != 0xff) {
        return true;
      }
    }
    return (s[off] & 0xff) < 0xed;
  }

  /** libsodium's {@code sc25519_is_canonical}: the 32-byte little-endian scalar is below L. */
  public static boolean isCanonicalScalar(byte[] s, int off) {
    for (int i = 31; i >= 0; i--) {
      int a = s[off + i] & 0xff;
      int b = L_BYTES[i] & 0xff;
      if (a != b) {
        return a < b;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Public operations

  /**
   * Decodes a public key as libsodium's verifier does and precomputes its table, or returns null
   * when libsodium would reject every signature under it (non-canonical, small order, off curve).
   */
  public static PublicPoint decodePublicKey(byte[] pk) {
    if (pk == null || pk.length != 32 || !isCanonicalPoint(pk, 0) || hasSmallOrder(pk, 0)) {
      return null;
    }
    Ext a = new Ext();
    if (!decode(pk, true, a)) {
      return null;
    }
    return new PublicPoint(a, cachedTable(a, (A_WINDOW_MAX + 1) / 2));
  }

  private static Cached[] cachedTable(Ext p, int count) {
    Ext[] odd = oddMultiples(p, count);
    Cached[] table = new Cached[odd.length];
    for (int i = 0; i < odd.length; i++) {
      table[i] = toCached(odd[i]);
    }
    return table;
  }

  /** {@code [2^LANE_BITS]p} by doublings, exact (the multiplier is never reduced modulo anything). */
  private static Ext shiftLane(Ext p, Scratch scratch) {
    Ext r = new Ext();
    X25519Field.copy(p.x, 0, r.x, 0);
    X25519Field.copy(p.y, 0, r.y, 0);
    X25519Field.copy(p.z, 0, r.z, 0);
    Completed c = scratch.completed;
    for (int i = 0; i < LANE_BITS; i++) {
      dbl(r, c, scratch);
      toPoint(c, r, i == LANE_BITS - 1);
    }
    return r;
  }

  /**
   * libsodium's {@code crypto_sign_ed25519_verify_detached} for a key already checked and decoded
   * by {@link #decodePublicKey}. Never throws on malformed signatures.
   */
  public static boolean verify(PublicPoint a, byte[] pk, byte[] message, byte[] sig) {
    if (a == null || sig == null || sig.length != 64 || message == null) {
      return false;
    }
    if ((sig[63] & 0xf0) != 0 && !isCanonicalScalar(sig, 32)) {
      return false;
    }
    if (hasSmallOrder(sig, 0)) {
      return false;
    }
    MessageDigest sha = sha512();
    sha.update(sig, 0, 32);
    sha.update(pk, 0, 32);
    sha.update(message);
    byte[] k = reduce512(sha.digest());
    byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);

    Scratch scratch = new Scratch();
    Precomp[][] lanes = a.lanes(scratch);
    Ext r = new Ext();
    if (lanes == null) {
      doubleScalarMult(k, a.negTable, s, scratch, r);
    } else {
      doubleScalarMultLanes(k, lanes, s, scratch, r);
    }
    byte[] check = encode(r);
    return MessageDigest.isEqual(check, java.util.Arrays.copyOf(sig, 32));
  }

  /**
   * libsodium's {@code crypto_sign_ed25519_pk_to_curve25519}: the Montgomery u of an Edwards public
   * key, or null where libsodium returns -1 (small-order encoding, off curve, or not in the prime
   * order subgroup). Like libsodium, the y coordinate is read modulo p (no canonicity check). The
   * subgroup check requires {@code [L]A} to be the neutral element (X = 0 and Y = Z), as the
   * libsodium bundled with sodium-native 5.1.0 does: it refuses A + (0, -1), which a check of
   * X = 0 alone (older ref10 {@code ge25519_is_on_main_subgroup}) would let through. Pinned by
   * {@code SodiumDifferentialTest.ed25519PublicKeyToCurve25519}.
   */
  public static byte[] publicKeyToCurve25519(byte[] pk) {
    if (pk == null || pk.length != 32 || hasSmallOrder(pk, 0)) {
      return null;
    }
    Ext a = new Ext();
    if (!decode(pk, false, a)) {
      return null;
    }
    Ext la = scalarMult(L_BYTES, a);
    int[] zi = X25519Field.create();
    X25519Field.normalize(la.x);
    if (!X25519Field.isZeroVar(la.x)) {
      return null;
    }
    int[] ymz = X25519Field.create();
    X25519Field.sub(la.y, la.z, ymz);
    X25519Field.normalize(ymz);
    if (!X25519Field.isZeroVar(ymz)) {
      return null;
    }
    // u = (1 + y) / (1 - y); decode left z = 1.
    int[] num = X25519Field.create();
    int[] den = X25519Field.create();
    X25519Field.one(num);
    X25519Field.add(num, a.y, num);
    X25519Field.one(den);
    X25519Field.sub(den, a.y, den);
    X25519Field.carry(den);
    X25519Field.inv(den, zi);
    X25519Field.mul(num, zi, num);
    X25519Field.normalize(num);
    byte[] out = new byte[32];
    X25519Field.encode(num, out, 0);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Group law

  /**
   * Decodes an encoding like ref10's {@code ge25519_frombytes}: y is read modulo p with the sign
   * bit masked, x is recovered from the curve equation and its parity set from the sign bit. With
   * {@code negate} the result is -P (as {@code ge25519_frombytes_negate_vartime}).
   */
  static boolean decode(byte[] s, boolean negate, Ext r) {
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.decode255(s, 0, r.y, 0);
    X25519Field.sqr(r.y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    if (!X25519Field.sqrtRatioVar(u, v, r.x)) {
      return false;
    }
    X25519Field.normalize(r.x);
    int sign = (s[31] & 0xff) >>> 7;
    boolean isNegative = (r.x[0] & 1) != 0;
    // ref10: the decoded x has parity == sign; negate_vartime flips it.
    if ((isNegative != (sign == 1)) ^ negate) {
      X25519Field.negate(r.x, r.x);
    }
    X25519Field.normalize(r.y);
    X25519Field.one(r.z);
    X25519Field.mul(r.x, r.y, r.t);
    return true;
  }

  /** The canonical encoding (variable time: only used on public points). */
  static byte[] encode(Ext p) {
    int[] zi = X25519Field.create();
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.invVar(p.z, zi);
    X25519Field.mul(p.x, zi, x);
    X25519Field.mul(p.y, zi, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    byte[] out = new byte[32];
    X25519Field.encode(y, out, 0);
    out[31] |= (byte) ((x[0] & 1) << 7);
    return out;
  }

  private static void toExt(Completed c, Ext r) {
    X25519Field.mul(c.e, c.f, r.x);
    X25519Field.mul(c.g, c.h, r.y);
    X25519Field.mul(c.f, c.g, r.z);
    X25519Field.mul(c.e, c.h, r.t);
  }

  /** Completed to projective; with {@code withT} also the extended coordinate T. */
  private static void toPoint(Completed c, Ext r, boolean withT) {
    X25519Field.mul(c.e, c.f, r.x);
    X25519Field.mul(c.g, c.h, r.y);
    X25519Field.mul(c.f, c.g, r.z);
    if (withT) {
      X25519Field.mul(c.e, c.h, r.t);
    }
  }

  /** Doubling (dbl-2008-hwcd, a = -1) of the projective part of p. */
  private static void dbl(Ext p, Completed r, Scratch s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    X25519Field.sqr(p.x, a);
    X25519Field.sqr(p.y, b);
    X25519Field.sqr(p.z, c);
    X25519Field.add(c, c, c);
    // E = (X+Y)^2 - A - B ; G = B - A ; F = G - C ; H = -(A + B)
    X25519Field.add(p.x, p.y, r.e);
    X25519Field.sqr(r.e, r.e);
    X25519Field.add(a, b, r.h);
    X25519Field.sub(r.e, r.h, r.e);
    X25519Field.carry(r.e);
    X25519Field.sub(b, a, r.g);
    X25519Field.sub(r.g, c, r.f);
    X25519Field.carry(r.f);
    X25519Field.negate(r.h, r.h);
    X25519Field.carry(r.h);
  }

  /** p + q (add-2008-hwcd-3, k = 2d), or p - q when {@code negate}. */
  private static void add(Ext p, Cached q, boolean negate, Completed r, Scratch s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    int[] d = s.d;
    int[] ymx = s.ymx;
    int[] ypx = s.ypx;
    X25519Field.sub(p.y, p.x, ymx);
    X25519Field.add(p.y, p.x, ypx);
    X25519Field.mul(ymx, negate ? q.ypx : q.ymx, a);
    X25519Field.mul(ypx, negate ? q.ymx : q.ypx, b);
    X25519Field.mul(p.t, q.t2d, c);
    X25519Field.mul(p.z, q.z, d);
    X25519Field.add(d, d, d);
    finishAdd(a, b, c, d, negate, r);
  }

  /** p + q for an affine precomputed q (Z2 = 1), or p - q when {@code negate}. */
  private static void madd(Ext p, Precomp q, boolean negate, Completed r, Scratch s) {
    int[] a = s.a;
    int[] b = s.b;
    int[] c = s.c;
    int[] d = s.d;
    int[] ymx = s.ymx;
    int[] ypx = s.ypx;
    X25519Field.sub(p.y, p.x, ymx);
    X25519Field.add(p.y, p.x, ypx);
    X25519Field.mul(ymx, negate ? q.ypx : q.ymx, a);
    X25519Field.mul(ypx, negate ? q.ymx : q.ypx, b);
    X25519Field.mul(p.t, q.xy2d, c);
    X25519Field.add(p.z, p.z, d);
    finishAdd(a, b, c, d, negate, r);
  }

  private static void finishAdd(int[] a, int[] b, int[] c, int[] d, boolean negate, Completed r) {
    // E = B - A, F = D - C, G = D + C, H = B + A (C negated for subtraction)
    X25519Field.sub(b, a, r.e);
    X25519Field.add(b, a, r.h);
    if (negate) {
      X25519Field.add(d, c, r.f);
      X25519Field.sub(d, c, r.g);
    } else {
      X25519Field.sub(d, c, r.f);
      X25519Field.add(d, c, r.g);
    }
    X25519Field.carry(r.e);
    X25519Field.carry(r.f);
    X25519Field.carry(r.g);
    X25519Field.carry(r.h);
  }

  private static Cached toCached(Ext p) {
    Cached c = new Cached();
    X25519Field.add(p.y, p.x, c.ypx);
    X25519Field.sub(p.y, p.x, c.ymx);
    X25519Field.carry(c.ypx);
    X25519Field.carry(c.ymx);
    X25519Field.copy(p.z, 0, c.z, 0);
    X25519Field.mul(p.t, D2, c.t2d);
    return c;
  }

  /**
   * {@link #toPrecomp} of every point with a single (variable-time: public points only) field
   * inversion, by Montgomery's trick: invert the product of all Z, then peel off one Z at a time.
   */
  private static Precomp[] toPrecompBatch(Ext[] points) {
    int n = points.length;
    int[][] prefix = new int[n][];
    prefix[0] = X25519Field.create();
    X25519Field.copy(points[0].z, 0, prefix[0], 0);
    for (int i = 1; i < n; i++) {
      prefix[i] = X25519Field.create();
      X25519Field.mul(prefix[i - 1], points[i].z, prefix[i]);
    }
    int[] inv = X25519Field.create();
    X25519Field.invVar(prefix[n - 1], inv);
    Precomp[] out = new Precomp[n];
    int[] zi = X25519Field.create();
    for (int i = n - 1; i >= 0; i--) {
      // inv = 1 / (z_0 * ... * z_i)
      if (i > 0) {
        X25519Field.mul(inv, prefix[i - 1], zi);
        X25519Field.mul(inv, points[i].z, inv);
      } else {
        X25519Field.copy(inv, 0, zi, 0);
      }
      out[i] = toPrecomp(points[i], zi);
    }
    return out;
  }

  /** The affine form of p, given {@code zi = 1 / Z}. */
  private static Precomp toPrecomp(Ext p, int[] zi) {
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.mul(p.x, zi, x);
    X25519Field.mul(p.y, zi, y);
    Precomp r = new Precomp();
    X25519Field.add(y, x, r.ypx);
    X25519Field.sub(y, x, r.ymx);
    X25519Field.carry(r.ypx);
    X25519Field.carry(r.ymx);
    X25519Field.mul(x, y, r.xy2d);
    X25519Field.mul(r.xy2d, D2, r.xy2d);
    return r;
  }

  /** P, 3P, 5P, ... (count entries). */
  private static Ext[] oddMultiples(Ext p, int count) {
    Ext[] out = new Ext[count];
    out[0] = p;
    Scratch s = new Scratch();
    Completed c = s.completed;
    Ext p2 = new Ext();
    dbl(p, c, s);
    toExt(c, p2);
    Cached p2c = toCached(p2);
    for (int i = 1; i < count; i++) {
      Ext next = new Ext();
      add(out[i - 1], p2c, false, c, s);
      toExt(c, next);
      out[i] = next;
    }
    return out;
  }

  private static void setNeutral(Ext r) {
    X25519Field.zero(r.x);
    X25519Field.one(r.y);
    X25519Field.one(r.z);
    X25519Field.zero(r.t);
  }

  /**
   * {@code [a](table point) + [b]B} with signed sliding windows, as ref10's
   * {@code double_scalarmult_vartime}: 253 doublings. Used for a key's first verification.
   */
  private static void doubleScalarMult(byte[] a, Cached[] aTable, byte[] b, Scratch s, Ext r) {
    byte[] aslide = slide(a, A_WINDOW_MAX);
    byte[] bslide = slide(b, B_WINDOW_MAX);
    int i = 255;
    while (i >= 0 && aslide[i] == 0 && bslide[i] == 0) {
      i--;
    }
    setNeutral(r);
    Completed c = s.completed;
    for (; i >= 0; i--) {
      int ad = aslide[i];
      int bd = bslide[i];
      dbl(r, c, s);
      // T is only read by additions: skip it (3 products instead of 4) before another doubling.
      toPoint(c, r, ad != 0 || bd != 0);
      if (ad != 0) {
        add(r, aTable[Math.abs(ad) >> 1], ad < 0, c, s);
        toPoint(c, r, bd != 0);
      }
      if (bd != 0) {
        madd(r, B_TABLE[Math.abs(bd) >> 1], bd < 0, c, s);
        toPoint(c, r, false);
      }
    }
  }

  /**
   * The same point as {@link #doubleScalarMult}, with {@code LANE_BITS} doublings instead of 253:
   * the signed digit at position {@code LANE_BITS * j + i} of each recoded scalar is applied at step
   * i to the table of {@code [2^(LANE_BITS * j)]P}. Since
   * {@code d * 2^(LANE_BITS * j + i) * P = d * 2^i * [2^(LANE_BITS * j)]P} exactly (the multiplier
   * is never reduced modulo the group order), torsion components of A are handled exactly as by
   * ref10, and the resulting group element (hence its encoding) is identical.
   */
  private static void doubleScalarMultLanes(byte[] a, Precomp[][] aLanes, byte[] b, Scratch s,
      Ext r) {
    byte[] aslide = slide(a, A_LANE_WINDOW_MAX);
    byte[] bslide = slide(b, B_WINDOW_MAX);
    int[] ad = new int[LANES];
    int[] bd = new int[LANES];
    setNeutral(r);
    Completed c = s.completed;
    boolean started = false;
    for (int i = LANE_BITS - 1; i >= 0; i--) {
      int pending = 0;
      for (int j = 0; j < LANES; j++) {
        ad[j] = aslide[LANE_BITS * j + i];
        bd[j] = bslide[LANE_BITS * j + i];
        pending += (ad[j] != 0 ? 1 : 0) + (bd[j] != 0 ? 1 : 0);
      }
      if (started) {
        dbl(r, c, s);
        // T is only read by additions: compute it only when an addition follows.
        toPoint(c, r, pending > 0);
      } else if (pending == 0) {
        continue; // doubling the neutral element
      } else {
        started = true;
      }
      for (int j = 0; j < LANES; j++) {
        int d = ad[j];
        if (d != 0) {
          madd(r, aLanes[j][Math.abs(d) >> 1], d < 0, c, s);
          toPoint(c, r, --pending > 0);
        }
      }
      for (int j = 0; j < LANES; j++) {
        int d = bd[j];
        if (d != 0) {
          madd(r, B_LANES[j][Math.abs(d) >> 1], d < 0, c, s);
          toPoint(c, r, --pending > 0);
        }
      }
    }
  }

  /** [n]P for a 256-bit little-endian n (variable time). */
  static Ext scalarMult(byte[] n, Ext p) {
    Ext[] odd = oddMultiples(p, (A_WINDOW_MAX + 1) / 2);
    Cached[] table = new Cached[odd.length];
    for (int i = 0; i < odd.length; i++) {
      table[i] = toCached(odd[i]);
    }
    byte[] slide = slide(n, A_WINDOW_MAX);
    Ext r = new Ext();
    setNeutral(r);
    Scratch s = new Scratch();
    Completed c = s.completed;
    for (int i = 255; i >= 0; i--) {
      dbl(r, c, s);
      toExt(c, r);
      int d = slide[i];
      if (d != 0) {
        add(r, table[Math.abs(d) >> 1], d < 0, c, s);
        toExt(c, r);
      }
    }
    return r;
  }

  /**
   * Signed window recoding (wNAF): 256 digits, each 0 or odd in {@code [-max, max]} with
   * {@code max = 2^w - 1}, such that {@code n = sum(digit[i] * 2^i)}. Any such representation gives
   * the same point as ref10's {@code slide}, so this choice cannot change a verdict; this one reads
   * whole words instead of looking ahead bit by bit. The 256 digits suffice for {@code n < 2^255}
   * (every caller passes a number below 2^253).
   */
  static byte[] slide(byte[] n, int max) {
    int w = 32 - Integer.numberOfLeadingZeros(max);
    int windowMask = (1 << (w + 1)) - 1;
    int[] t = new int[9];
    for (int i = 0; i < 32; i++) {
      t[i >>> 2] |= (n[i] & 0xff) << ((i & 3) << 3);
    }
    byte[] out = new byte[256];
    int carry = 0;
    int i = 0;
    while (i < 256) {
      int q = i >>> 5;
      long pair = (t[q] & 0xffffffffL) | ((long) t[q + 1] << 32);
      int word = (int) (pair >>> (i & 31));
      if (((word & 1) ^ carry) == 0) {
        i++; // this bit plus the carry is even: digit 0, the carry moves up
        continue;
      }
      int digit = (word & windowMask) + carry; // odd, in [1, 2^(w+1) - 1]
      carry = (digit >>> w) & 1;
      digit -= carry << (w + 1);
      out[i] = (byte) digit;
      i += w + 1;
    }
    if (carry != 0) {
      throw new IllegalArgumentException("scalar does not fit 255 bits");
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Scalars and helpers

  private static final BigInteger L = new BigInteger(1, rev(L_BYTES));

  /** A 64-byte little-endian number reduced modulo L, as 32 little-endian bytes. */
  static byte[] reduce512(byte[] h) {
    return le(new BigInteger(1, rev(h)).mod(L));
  }

  public static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required by every Java platform", e);
    }
  }

  private static int[] fe(BigInteger v) {
    int[] r = X25519Field.create();
    X25519Field.decode255(le(v), 0, r, 0);
    return r;
  }

  private static byte[] toBytes(int[] fe) {
    int[] t = X25519Field.create();
    X25519Field.copy(fe, 0, t, 0);
    X25519Field.normalize(t);
    byte[] out = new byte[32];
    X25519Field.encode(t, out, 0);
    return out;
  }

  static byte[] le(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  static byte[] rev(byte[] a) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
