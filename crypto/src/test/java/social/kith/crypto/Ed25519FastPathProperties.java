package social.kith.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every verification path of {@code NaclEd25519} gives the verdict of {@link
 * RefEd25519#verifyLikeLibsodium}, an independent BigInteger model of libsodium's verifier: the
 * one-shot 253-doubling ladder (a key's first verification and {@link Ed25519#verify}), the
 * verification that builds a key's lane tables (its second) and the 64-doubling comb ladder (every
 * later one). Inputs mix valid signatures with the torsion edge cases (mixed-order R and A;
 * small-order R and A in signatures whose equation holds, so only libsodium's blocklist rejects
 * them), non-canonical S and keys, flipped bits and garbage.
 */
class Ed25519FastPathProperties {
  private static final BigInteger P = RefEd25519.P;
  private static final BigInteger L = RefEd25519.L;

  @Provide
  Arbitrary<byte[]> seed() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Property(tries = 70)
  boolean everyPathAgreesWithTheModel(@ForAll("seed") byte[] seed, @ForAll @Size(max = 80) byte[] message,
      @ForAll @IntRange(min = 0, max = 10) int kind, @ForAll @IntRange(min = 0, max = 7) int torsion,
      @ForAll long salt) {
    Random rnd = new Random(salt);
    Ed25519PrivateKey key = Ed25519.fromSeed(seed);
    byte[] pk = key.publicKey().bytes();
    byte[] sig = key.sign(message);
    RefEd25519.Point t = RefEd25519.mul(BigInteger.valueOf(torsion), RefEd25519.T8);
    BigInteger a = EdgeCases.secretScalar(seed);
    BigInteger r = new BigInteger(256, rnd).mod(L);
    switch (kind) {
      case 1 -> sig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
      case 2 -> { // mixed-order R with the S of its prime-order part
        RefEd25519.Point rp = RefEd25519.add(RefEd25519.mul(r, RefEd25519.B), t);
        sig = RefEd25519.sign(a, pk, r, rp, message);
      }
      case 3 -> { // mixed-order public key: accepted exactly when [k]T is neutral
        pk = RefEd25519.encode(RefEd25519.add(RefEd25519.mul(a, RefEd25519.B), t));
        sig = RefEd25519.sign(a, pk, r, RefEd25519.mul(r, RefEd25519.B), message);
      }
      case 4 -> { // mixed-order key and mixed-order R
        pk = RefEd25519.encode(RefEd25519.add(RefEd25519.mul(a, RefEd25519.B), t));
        RefEd25519.Point rp = RefEd25519.add(RefEd25519.mul(r, RefEd25519.B),
            RefEd25519.mul(BigInteger.valueOf(rnd.nextInt(8)), RefEd25519.T8));
        sig = RefEd25519.sign(a, pk, r, rp, message);
      }
      case 5 -> { // S + nL, still 32 bytes: non-canonical S
        BigInteger s = RefEd25519.fromLe(Arrays.copyOfRange(sig, 32, 64)).add(L.multiply(BigInteger.valueOf(1 + rnd.nextInt(15))));
        System.arraycopy(RefEd25519.le(s, 32), 0, sig, 32, 32);
      }
      case 6 -> { // small-order R with S = k*a: [S]B - [k]A = neutral, so only the blocklist rejects
        // (the equation holds for R = neutral; other small-order R show the check is not over-eager)
        RefEd25519.Point rp = rnd.nextBoolean() ? RefEd25519.ZERO : t;
        sig = RefEd25519.sign(a, pk, BigInteger.ZERO, rp, message);
        if (rnd.nextInt(4) == 0) {
          sig[31] ^= (byte) 0x80;
        }
      }
      case 7 -> rnd.nextBytes(sig);
      case 8 -> { // non-canonical key: y in p .. 2^255 - 1, either sign bit
        pk = RefEd25519.le(P.add(BigInteger.valueOf(rnd.nextInt(19))), 32);
        pk[31] |= (byte) (rnd.nextBoolean() ? 0x80 : 0);
      }
      case 9 -> rnd.nextBytes(pk);
      case 10 -> { // small-order key, S = r: [S]B - [k]A = R whenever [k]T is neutral
        pk = RefEd25519.encode(t);
        sig = RefEd25519.sign(BigInteger.ZERO, pk, r, RefEd25519.mul(r, RefEd25519.B), message);
      }
      default -> { }
    }
    boolean expected = RefEd25519.verifyLikeLibsodium(pk, message, sig);
    Statistics.label("verdict").collect(expected);
    Ed25519PublicKey cached = Ed25519PublicKey.of(pk);
    boolean first = cached.verify(message, sig);
    boolean buildsLanes = cached.verify(message, sig);
    boolean lanes = cached.verify(message, sig);
    boolean oneShot = Ed25519.verify(pk, message, sig);
    return first == expected && buildsLanes == expected && lanes == expected && oneShot == expected;
  }

  /** A key used for many different messages keeps agreeing once its lane tables exist. */
  @Property(tries = 6)
  boolean aReusedKeyAgreesWithTheModel(@ForAll("seed") byte[] seed,
      @ForAll @IntRange(min = 0, max = 7) int torsion, @ForAll long salt) {
    Random rnd = new Random(salt);
    BigInteger a = EdgeCases.secretScalar(seed);
    RefEd25519.Point t = RefEd25519.mul(BigInteger.valueOf(torsion), RefEd25519.T8);
    byte[] pk = RefEd25519.encode(RefEd25519.add(RefEd25519.mul(a, RefEd25519.B), t));
    Ed25519PublicKey key = Ed25519PublicKey.of(pk);
    for (int i = 0; i < 6; i++) {
      byte[] message = new byte[rnd.nextInt(64)];
      rnd.nextBytes(message);
      BigInteger r = new BigInteger(256, rnd).mod(L);
      byte[] sig = RefEd25519.sign(a, pk, r, RefEd25519.mul(r, RefEd25519.B), message);
      if (i % 3 == 2) {
        sig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
      }
      if (key.verify(message, sig) != RefEd25519.verifyLikeLibsodium(pk, message, sig)) {
        return false;
      }
    }
    return true;
  }
}
