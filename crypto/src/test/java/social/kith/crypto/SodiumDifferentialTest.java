package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kith against real libsodium (sodium-native, through {@code node/sodium-diff.mjs}): same bytes
 * out and same verdicts, on fixed-seed random inputs plus fresh random ones, and on edge cases.
 */
class SodiumDifferentialTest {
  private static SodiumOracle sodium;
  private static final long FIXED_SEED = 20240611L;

  @BeforeAll
  static void start() {
    sodium = new SodiumOracle();
  }

  @AfterAll
  static void stop() {
    if (sodium != null) {
      sodium.close();
    }
  }

  /** Half the inputs from a fixed seed (reproducible), half fresh. */
  private static List<Random> randoms() {
    return List.of(new Random(FIXED_SEED), new Random(new SecureRandom().nextLong()));
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  @Test
  void ed25519KeypairsAndSignatures() {
    for (Random rnd : randoms()) {
      List<Ed25519PrivateKey> keys = new ArrayList<>();
      List<byte[]> msgs = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        byte[] seed = bytes(rnd, 32);
        Ed25519PrivateKey k = Ed25519.fromSeed(seed);
        keys.add(k);
        msgs.add(bytes(rnd, rnd.nextInt(300)));
        sodium.add("sign_seed_keypair", "seed", seed);
        sodium.add("sign_detached", "sk", k.toSodiumSecretKey(), "m", msgs.get(i));
        sodium.add("sk_to_curve25519", "sk", k.toSodiumSecretKey());
      }
      List<SodiumOracle.Answer> a = sodium.run();
      for (int i = 0; i < keys.size(); i++) {
        Ed25519PrivateKey k = keys.get(i);
        assertArrayEquals(a.get(3 * i).bytes("pk"), k.publicKey().bytes());
        assertArrayEquals(a.get(3 * i).bytes("sk"), k.toSodiumSecretKey());
        assertArrayEquals(a.get(3 * i + 1).bytes("sig"), k.sign(msgs.get(i)));
        assertArrayEquals(a.get(3 * i + 2).bytes("x"), k.toX25519().bytes());
      }
    }
  }

  private static void compareVerdicts(List<Ed25519Signed> items) {
    for (Ed25519Signed it : items) {
      sodium.add("sign_verify_detached", "sig", it.signature(), "m", it.message(), "pk", it.key().bytes());
    }
    List<SodiumOracle.Answer> a = sodium.run();
    boolean[] parallel = Ed25519.verifyAll(items);
    for (int i = 0; i < items.size(); i++) {
      Ed25519Signed it = items.get(i);
      boolean ours = it.verify();
      assertEquals(a.get(i).ok(), ours, () -> "verdict differs from libsodium for " + it
          + " pk=" + SodiumOracle.HEX.formatHex(it.key().bytes())
          + " sig=" + SodiumOracle.HEX.formatHex(it.signature()));
      assertEquals(ours, parallel[i]);
      assertEquals(ours, Ed25519.verify(it.key().bytes(), it.message(), it.signature()));
    }
  }

  @Test
  void ed25519VerifyRandomMixes() {
    for (Random rnd : randoms()) {
      List<Ed25519Signed> items = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        Ed25519PrivateKey k = Ed25519.fromSeed(bytes(rnd, 32));
        byte[] msg = bytes(rnd, rnd.nextInt(200));
        byte[] sig = k.sign(msg);
        byte[] pk = k.publicKey().bytes();
        switch (i % 8) {
          case 1 -> sig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
          case 2 -> {
            if (msg.length > 0) {
              msg[rnd.nextInt(msg.length)] ^= (byte) (1 << rnd.nextInt(8));
            } else {
              msg = new byte[] {0};
            }
          }
          case 3 -> pk[rnd.nextInt(32)] ^= (byte) (1 << rnd.nextInt(8));
          case 4 -> sig = bytes(rnd, 64);
          case 5 -> pk = bytes(rnd, 32);
          case 6 -> sig[63] |= (byte) 0xf0; // S far above L
          default -> { }
        }
        items.add(Ed25519Signed.of(Ed25519PublicKey.of(pk), msg, sig));
      }
      compareVerdicts(items);
    }
  }

  @Test
  void ed25519VerifyEdgeCases() {
    List<Ed25519Signed> items = EdgeCases.ed25519Items();
    compareVerdicts(items);
    // The mixed-order-A cases include accepted ones ([k]T = 0) and rejected ones.
    long accepted = EdgeCases.mixedOrderA().stream().filter(Ed25519Signed::verify).count();
    assertTrue(accepted > 0 && accepted < EdgeCases.mixedOrderA().size(), "accepted " + accepted);
  }

  @Test
  void ed25519PublicKeyToCurve25519() {
    List<byte[]> pks = new ArrayList<>();
    for (Random rnd : randoms()) {
      for (int i = 0; i < 100; i++) {
        pks.add(Ed25519.fromSeed(bytes(rnd, 32)).publicKey().bytes());
        pks.add(bytes(rnd, 32));
      }
    }
    pks.addAll(EdgeCases.smallOrderEncodings());
    pks.addAll(EdgeCases.nonCanonicalEncodings());
    // Non-canonical encodings of small y values (y + p for y < 19) and mixed-order keys.
    for (int y = 0; y < 19; y++) {
      pks.add(RefEd25519.le(RefEd25519.P.add(BigInteger.valueOf(y)), 32));
      pks.add(RefEd25519.le(BigInteger.valueOf(y), 32));
    }
    Random rnd = new Random(3);
    RefEd25519.Point t4 = RefEd25519.add(RefEd25519.T8, RefEd25519.T8);
    for (RefEd25519.Point t : new RefEd25519.Point[] {RefEd25519.T2, t4, RefEd25519.T8}) {
      for (int i = 0; i < 3; i++) {
        RefEd25519.Point a = RefEd25519.mul(new BigInteger(250, rnd), RefEd25519.B);
        pks.add(RefEd25519.encode(RefEd25519.add(a, t)));
      }
    }
    for (byte[] pk : pks) {
      sodium.add("pk_to_curve25519", "pk", pk);
    }
    List<SodiumOracle.Answer> a = sodium.run();
    for (int i = 0; i < pks.size(); i++) {
      byte[] pk = pks.get(i);
      SodiumOracle.Answer ans = a.get(i);
      String where = "pk=" + SodiumOracle.HEX.formatHex(pk);
      if (ans.ok()) {
        assertArrayEquals(ans.bytes("x"), Ed25519PublicKey.of(pk).toX25519().bytes(), where);
      } else {
        CryptoException e = org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class,
            () -> Ed25519PublicKey.of(pk).toX25519(), where);
        assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, e.reason());
      }
    }
  }

  /** X25519 u coordinates of low order, with non-reduced and top-bit variants. */
  static List<byte[]> lowOrderU() {
    String[] hex = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
        "4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
        "d9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "daffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };
    List<byte[]> out = new ArrayList<>();
    for (String h : hex) {
      byte[] b = SodiumOracle.HEX.parseHex(h);
      out.add(b.clone());
      b[31] ^= (byte) 0x80;
      out.add(b);
    }
    return out;
  }

  @Test
  void x25519ScalarMult() {
    List<byte[][]> cases = new ArrayList<>();
    for (Random rnd : randoms()) {
      for (int i = 0; i < 150; i++) {
        cases.add(new byte[][] {bytes(rnd, 32), bytes(rnd, 32)});
      }
      for (byte[] u : lowOrderU()) {
        cases.add(new byte[][] {bytes(rnd, 32), u});
      }
      for (int low = 0xed; low <= 0xff; low++) {
        byte[] u = new byte[32];
        Arrays.fill(u, (byte) 0xff);
        u[0] = (byte) low;
        cases.add(new byte[][] {bytes(rnd, 32), u});
      }
    }
    for (byte[][] c : cases) {
      sodium.add("scalarmult", "n", c[0], "p", c[1]);
      sodium.add("scalarmult_base", "n", c[0]);
    }
    List<SodiumOracle.Answer> a = sodium.run();
    for (int i = 0; i < cases.size(); i++) {
      byte[][] c = cases.get(i);
      SodiumOracle.Answer ans = a.get(2 * i);
      String where = "p=" + SodiumOracle.HEX.formatHex(c[1]);
      if (ans.ok()) {
        assertArrayEquals(ans.bytes("q"), ScalarMult.scalarMult(c[0], c[1]), where);
      } else {
        CryptoException e = org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class,
            () -> ScalarMult.scalarMult(c[0], c[1]), where);
        assertEquals(CryptoException.Reason.NON_CONTRIBUTORY_KEY, e.reason());
      }
      assertArrayEquals(a.get(2 * i + 1).bytes("q"), ScalarMult.scalarMultBase(c[0]));
    }
  }

  @Test
  void secretBox() {
    for (Random rnd : randoms()) {
      List<byte[][]> cases = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        byte[] k = bytes(rnd, 32);
        byte[] n = bytes(rnd, 24);
        byte[] m = bytes(rnd, i < 70 ? i : rnd.nextInt(600));
        byte[] box = SecretBox.seal(m, n, k);
        byte[] tampered = box.clone();
        int which = rnd.nextInt(4);
        if (which == 0) {
          tampered[rnd.nextInt(tampered.length)] ^= (byte) (1 << rnd.nextInt(8));
        } else if (which == 1) {
          tampered = Arrays.copyOf(box, Math.max(0, box.length - 1 - rnd.nextInt(3)));
        } else if (which == 2) {
          tampered = Arrays.copyOf(box, box.length + 1);
        } else {
          tampered = new byte[rnd.nextInt(17)];
        }
        cases.add(new byte[][] {k, n, m, box, tampered});
        sodium.add("secretbox_easy", "m", m, "n", n, "k", k);
        sodium.add("secretbox_open_easy", "c", box, "n", n, "k", k);
        sodium.add("secretbox_open_easy", "c", tampered, "n", n, "k", k);
      }
      List<SodiumOracle.Answer> a = sodium.run();
      for (int i = 0; i < cases.size(); i++) {
        byte[][] c = cases.get(i);
        assertArrayEquals(a.get(3 * i).bytes("c"), c[3]);
        assertArrayEquals(a.get(3 * i + 1).bytes("m"), SecretBox.open(c[3], c[1], c[0]));
        boolean sodiumOpens = a.get(3 * i + 2).ok();
        boolean weOpen;
        try {
          SecretBox.open(c[4], c[1], c[0]);
          weOpen = true;
        } catch (CryptoException e) {
          assertEquals(CryptoException.Reason.AUTHENTICATION_FAILED, e.reason());
          weOpen = false;
        }
        assertEquals(sodiumOpens, weOpen);
        assertFalse(weOpen, "tampered box opened");
      }
    }
  }

  @Test
  void boxEasyBeforenmAfternm() {
    for (Random rnd : randoms()) {
      List<byte[][]> cases = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        X25519PrivateKey alice = X25519PrivateKey.of(bytes(rnd, 32));
        X25519PrivateKey bob = X25519PrivateKey.of(bytes(rnd, 32));
        byte[] n = bytes(rnd, 24);
        byte[] m = bytes(rnd, rnd.nextInt(300));
        byte[] box = Box.seal(m, n, bob.publicKey(), alice);
        byte[] k = Box.beforenm(bob.publicKey(), alice).bytes();
        byte[] tampered = box.clone();
        tampered[rnd.nextInt(tampered.length)] ^= (byte) (1 << rnd.nextInt(8));
        cases.add(new byte[][] {alice.bytes(), bob.bytes(), n, m, box, k, tampered});
        sodium.add("box_easy", "m", m, "n", n, "pk", bob.publicKey().bytes(), "sk", alice.bytes());
        sodium.add("secretbox_easy", "m", m, "n", n, "k", k);
        sodium.add("box_open_easy", "c", box, "n", n, "pk", alice.publicKey().bytes(), "sk", bob.bytes());
        sodium.add("box_open_easy", "c", tampered, "n", n, "pk", alice.publicKey().bytes(), "sk", bob.bytes());
      }
      // Low-order peer keys: libsodium refuses to box.
      List<byte[]> low = lowOrderU();
      for (byte[] u : low) {
        sodium.add("box_easy", "m", new byte[3], "n", new byte[24], "pk", u, "sk", bytes(rnd, 32));
      }
      List<SodiumOracle.Answer> a = sodium.run();
      for (int i = 0; i < cases.size(); i++) {
        byte[][] c = cases.get(i);
        assertArrayEquals(a.get(4 * i).bytes("c"), c[4], "box_easy");
        assertArrayEquals(a.get(4 * i + 1).bytes("c"), c[4], "beforenm + secretbox == box_easy");
        assertArrayEquals(a.get(4 * i + 2).bytes("m"), c[3]);
        assertArrayEquals(c[3], Box.open(c[4], c[2], X25519PrivateKey.of(c[0]).publicKey(), X25519PrivateKey.of(c[1])));
        assertArrayEquals(c[3], Box.beforenm(X25519PrivateKey.of(c[0]).publicKey(), X25519PrivateKey.of(c[1])).open(c[4], c[2]));
        assertFalse(a.get(4 * i + 3).ok());
        CryptoException e = org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class,
            () -> Box.open(c[6], c[2], X25519PrivateKey.of(c[0]).publicKey(), X25519PrivateKey.of(c[1])));
        assertEquals(CryptoException.Reason.AUTHENTICATION_FAILED, e.reason());
      }
      int refused = 0;
      for (int i = 0; i < low.size(); i++) {
        byte[] u = low.get(i);
        if (a.get(4 * cases.size() + i).ok()) {
          // e.g. u + p with bit 255 set: the masked u is not of low order.
          Box.seal(new byte[3], new byte[24], u, new byte[32]);
          continue;
        }
        refused++;
        CryptoException e = org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class,
            () -> Box.seal(new byte[3], new byte[24], u, new byte[32]));
        assertEquals(CryptoException.Reason.NON_CONTRIBUTORY_KEY, e.reason());
      }
      assertTrue(refused >= 14, "refused " + refused);
    }
  }

  @Test
  void authAndVerify() {
    for (Random rnd : randoms()) {
      List<byte[][]> cases = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        byte[] k = bytes(rnd, 32);
        byte[] m = bytes(rnd, rnd.nextInt(400));
        byte[] h = Auth.auth(m, k);
        byte[] bad = h.clone();
        bad[rnd.nextInt(32)] ^= (byte) (1 << rnd.nextInt(8));
        cases.add(new byte[][] {k, m, h, bad});
        sodium.add("auth", "m", m, "k", k);
        sodium.add("auth_verify", "h", h, "m", m, "k", k);
        sodium.add("auth_verify", "h", bad, "m", m, "k", k);
      }
      List<SodiumOracle.Answer> a = sodium.run();
      for (int i = 0; i < cases.size(); i++) {
        byte[][] c = cases.get(i);
        assertArrayEquals(a.get(3 * i).bytes("h"), c[2]);
        assertTrue(a.get(3 * i + 1).ok());
        assertTrue(Auth.verify(c[2], c[1], c[0]));
        assertFalse(a.get(3 * i + 2).ok());
        assertFalse(Auth.verify(c[3], c[1], c[0]));
      }
    }
  }
}
