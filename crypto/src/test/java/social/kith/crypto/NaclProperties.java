package social.kith.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips, single-bit tamper detection and parallel-equals-single verification. */
class NaclProperties {
  @Provide
  Arbitrary<byte[]> key32() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Provide
  Arbitrary<byte[]> nonce24() {
    return Arbitraries.bytes().array(byte[].class).ofSize(24);
  }

  @Provide
  Arbitrary<byte[]> message() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
  }

  @Property(tries = 200)
  boolean secretBoxRoundTrips(@ForAll("message") byte[] m, @ForAll("nonce24") byte[] n, @ForAll("key32") byte[] k) {
    return Arrays.equals(m, SecretBox.open(SecretBox.seal(m, n, k), n, k));
  }

  @Property(tries = 100)
  boolean boxRoundTrips(@ForAll("message") byte[] m, @ForAll("nonce24") byte[] n,
      @ForAll("key32") byte[] a, @ForAll("key32") byte[] b) {
    X25519PrivateKey alice = X25519PrivateKey.of(a);
    X25519PrivateKey bob = X25519PrivateKey.of(b);
    byte[] box = Box.seal(m, n, bob.publicKey(), alice);
    return Arrays.equals(m, Box.open(box, n, alice.publicKey(), bob));
  }

  @Property(tries = 200)
  boolean anyFlippedBitInASecretBoxFails(@ForAll("message") byte[] m, @ForAll("nonce24") byte[] n,
      @ForAll("key32") byte[] k, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) {
    byte[] box = SecretBox.seal(m, n, k);
    int bit = where % (box.length * 8);
    box[bit / 8] ^= (byte) (1 << (bit % 8));
    try {
      SecretBox.open(box, n, k);
      return false;
    } catch (CryptoException e) {
      return e.reason() == CryptoException.Reason.AUTHENTICATION_FAILED;
    }
  }

  @Property(tries = 200)
  boolean anyFlippedBitInAnAuthTagOrMessageFails(@ForAll("message") byte[] m, @ForAll("key32") byte[] k,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where, @ForAll boolean inMessage) {
    byte[] tag = Auth.auth(m, k);
    if (inMessage && m.length > 0) {
      int bit = where % (m.length * 8);
      m[bit / 8] ^= (byte) (1 << (bit % 8));
    } else {
      int bit = where % 256;
      tag[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return !Auth.verify(tag, m, k);
  }

  @Property(tries = 150)
  boolean anyFlippedBitInASignatureOrMessageFails(@ForAll("key32") byte[] seed, @ForAll("message") byte[] m,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where, @ForAll boolean inMessage) {
    Ed25519PrivateKey key = Ed25519.fromSeed(seed);
    byte[] sig = key.sign(m);
    if (!key.publicKey().verify(m, sig)) {
      return false;
    }
    if (inMessage && m.length > 0) {
      int bit = where % (m.length * 8);
      m[bit / 8] ^= (byte) (1 << (bit % 8));
    } else {
      int bit = where % 512;
      sig[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return !key.publicKey().verify(m, sig);
  }

  @Property(tries = 20)
  boolean parallelVerifyEqualsSingleVerify(@ForAll @Size(min = 0, max = 40) List<@IntRange(min = 0, max = 5) Integer> kinds,
      @ForAll("key32") byte[] seed) {
    Ed25519PrivateKey key = Ed25519.fromSeed(seed);
    List<Ed25519Signed> items = new ArrayList<>();
    int i = 0;
    for (int kind : kinds) {
      byte[] m = new byte[] {(byte) i++, (byte) kind};
      byte[] sig = key.sign(m);
      switch (kind) {
        case 1 -> sig[i % 64] ^= 4;
        case 2 -> sig = Arrays.copyOf(sig, 63);
        case 3 -> m[0] ^= 1;
        case 4 -> sig[63] |= (byte) 0xf0;
        default -> { }
      }
      items.add(Ed25519Signed.of(key.publicKey(), m, sig));
    }
    List<Ed25519Signed> edge = EdgeCases.mixedOrderR();
    items.addAll(edge.subList(0, Math.min(edge.size(), kinds.size() / 4)));
    boolean[] all = Ed25519.verifyAll(items);
    for (int j = 0; j < items.size(); j++) {
      if (all[j] != items.get(j).verify()) {
        return false;
      }
    }
    return true;
  }
}
