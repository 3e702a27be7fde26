package social.kith.ssb.boxstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import social.kith.crypto.SecretBox;

/** Checklist item 4: on one stream, nonces strictly increase (header N+2P, body N+2P+1) and never repeat. */
class BoxNonceProperties {

  @Property(tries = 200)
  void noncesStrictlyIncreaseAndNeverRepeat(@ForAll @Size(24) byte[] start,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 9000) Integer> chunkSizes) {
    // Observe the encoder's nonces by recording every value the counter hands out.
    List<byte[]> used = new ArrayList<>();
    BoxNonce recording = new BoxNonce(start) {
      @Override
      byte[] next() {
        byte[] n = super.next();
        used.add(n.clone());
        return n;
      }
    };
    byte[] key = new byte[32];
    BoxStreamEncoder enc = new BoxStreamEncoder(key, recording);
    int frames = 0;
    try {
      for (int size : chunkSizes) {
        enc.encrypt(new byte[size]);
        frames += (size + 4095) / 4096;
      }
      enc.goodbye();
    } catch (BoxStreamException e) {
      assertEquals(BoxStreamError.NONCE_EXHAUSTED, e.error(), "only exhaustion may stop the stream");
    }
    Set<BigInteger> seen = new HashSet<>();
    BigInteger base = new BigInteger(1, start);
    BigInteger previous = null;
    for (int i = 0; i < used.size(); i++) {
      BigInteger n = new BigInteger(1, used.get(i));
      assertTrue(seen.add(n), "nonce repeated at " + i);
      assertEquals(base.add(BigInteger.valueOf(i)), n, "nonce i is start + i: header N+2P, body N+2P+1");
      if (previous != null) {
        assertTrue(n.compareTo(previous) > 0, "strictly increasing (no wrap)");
      }
      previous = n;
    }
    assertTrue(used.size() <= 2 * frames + 1);
  }

  @Property(tries = 50)
  void theDecoderUsesTheSameSequence(@ForAll @Size(24) byte[] start, @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 5000) Integer> sizes) {
    BigInteger room = BigInteger.ONE.shiftLeft(192).subtract(new BigInteger(1, start));
    if (room.compareTo(BigInteger.valueOf(64)) < 0) {
      return; // near the top the encoder refuses; covered by the unit test
    }
    byte[] key = SecretBox.generateKey();
    BoxStreamEncoder enc = BoxStreamEncoder.of(key, start);
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, start);
    List<byte[]> got = new ArrayList<>();
    for (int s : sizes) {
      byte[] p = new byte[s];
      Arrays.fill(p, (byte) s);
      dec.feed(enc.encrypt(p), got::add);
    }
    dec.feed(enc.goodbye(), got::add);
    dec.finish();
    int total = got.stream().mapToInt(b -> b.length).sum();
    assertEquals(sizes.stream().mapToInt(Integer::intValue).sum(), total);
    if (!sizes.isEmpty()) {
      byte[] last = got.get(got.size() - 1);
      assertArrayEquals(new byte[] {last[0]}, new byte[] {(byte) (int) sizes.get(sizes.size() - 1)});
    }
  }
}
