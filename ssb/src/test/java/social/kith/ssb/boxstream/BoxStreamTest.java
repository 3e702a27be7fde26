package social.kith.ssb.boxstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.crypto.SecretBox;
import social.kith.testkit.SharedData;

/** pull-box-stream's wire format (vector) and the framing attacks of checklist items 3, 4 and 57. */
class BoxStreamTest {
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode v;
  private static byte[] key;
  private static byte[] nonce;

  @BeforeAll
  static void load() throws IOException {
    v = new ObjectMapper().readTree(SharedData.path("vectors/ssb/generated/box-stream.json").toFile());
    key = HEX.parseHex(v.get("key").asText());
    nonce = HEX.parseHex(v.get("nonce").asText());
  }

  private static List<byte[]> list(String field) {
    List<byte[]> out = new ArrayList<>();
    v.get(field).forEach(n -> out.add(HEX.parseHex(n.asText())));
    return out;
  }

  @Test
  void encoderMatchesPullBoxStreamByteForByte() {
    BoxStreamEncoder enc = BoxStreamEncoder.of(key, nonce);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<byte[]> frames = list("ciphertextFrames");
    List<byte[]> chunks = list("plaintextChunks");
    byte[] first = enc.encrypt(chunks.get(0));
    assertArrayEquals(cat(frames.get(0), frames.get(1)), first, "header and body in one array");
    all.writeBytes(first);
    all.writeBytes(enc.encrypt(chunks.get(1)));
    byte[] big = enc.encrypt(chunks.get(2));
    assertArrayEquals(cat(frames.get(4), frames.get(5), frames.get(6), frames.get(7)), big, "5000 B split 4096+904");
    all.writeBytes(big);
    byte[] bye = enc.goodbye();
    assertArrayEquals(frames.get(8), bye);
    all.writeBytes(bye);
    assertArrayEquals(HEX.parseHex(v.get("ciphertext").asText()), all.toByteArray());
    assertTrue(enc.isClosed());
    assertEquals(BoxStreamError.CLOSED, assertThrows(BoxStreamException.class, () -> enc.encrypt(new byte[1])).error());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 34, 35, 4130, 100_000})
  void decoderRecoversTheChunksWhateverTheReadSizes(int readSize) {
    byte[] ct = HEX.parseHex(v.get("ciphertext").asText());
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < ct.length; i += readSize) {
      dec.feed(ct, i, Math.min(readSize, ct.length - i), b -> {
        sizes.add(b.length);
        plain.writeBytes(b);
      });
    }
    dec.finish();
    assertTrue(dec.isEnded());
    assertEquals(List.of(16, 1, 4096, 904), sizes);
    List<byte[]> chunks = list("plaintextChunks");
    assertArrayEquals(cat(chunks.toArray(new byte[0][])), plain.toByteArray());
  }

  @Test
  void everyFlippedBitIsAnAuthenticationFailureAndReleasesNothingAfterIt() {
    byte[] ct = HEX.parseHex(v.get("ciphertext").asText());
    int[] positions = {0, 15, 16, 33, 34, 49, 50, 84, 120, 2000, 5186};
    for (int pos : positions) {
      byte[] bad = ct.clone();
      bad[pos] ^= 0x10;
      BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
      List<byte[]> got = new ArrayList<>();
      BoxStreamException e = assertThrows(BoxStreamException.class, () -> dec.feed(bad, got::add));
      assertEquals(BoxStreamError.AUTHENTICATION_FAILED, e.error(), "flip at " + pos);
      int released = got.stream().mapToInt(b -> b.length).sum();
      assertTrue(released <= frameStart(pos), "no plaintext from the tampered frame (flip at " + pos + ")");
      assertEquals(BoxStreamError.CLOSED,
          assertThrows(BoxStreamException.class, () -> dec.feed(ct, b -> { })).error(), "failed stays failed");
    }
  }

  /** Plaintext bytes of the frames before the one containing ciphertext offset {@code pos}. */
  private static int frameStart(int pos) {
    int[] frameEnds = {50, 85, 34 + 4096 + 85, 5153};
    int[] plainBefore = {0, 16, 17, 17 + 4096};
    for (int i = 0; i < frameEnds.length; i++) {
      if (pos < frameEnds[i]) {
        return plainBefore[i];
      }
    }
    return 5017;
  }

  @Test
  void duplicatedOrReorderedFramesFail() {
    List<byte[]> f = list("ciphertextFrames");
    byte[] duplicated = cat(f.get(0), f.get(1), f.get(0), f.get(1));
    BoxStreamDecoder d1 = BoxStreamDecoder.of(key, nonce);
    List<byte[]> got = new ArrayList<>();
    assertEquals(BoxStreamError.AUTHENTICATION_FAILED,
        assertThrows(BoxStreamException.class, () -> d1.feed(duplicated, got::add)).error());
    assertEquals(1, got.size(), "only the first frame was released");
    byte[] reordered = cat(f.get(2), f.get(3), f.get(0), f.get(1));
    BoxStreamDecoder d2 = BoxStreamDecoder.of(key, nonce);
    assertEquals(BoxStreamError.AUTHENTICATION_FAILED,
        assertThrows(BoxStreamException.class, () -> d2.feed(reordered, b -> { throw new AssertionError("released"); })).error());
  }

  @Test
  void aCutWithoutGoodbyeIsAnErrorNotAnEnd() {
    byte[] ct = HEX.parseHex(v.get("ciphertext").asText());
    for (int cut : new int[] {0, 50, 51, 84, 5153, 5160}) {
      BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
      dec.feed(ct, 0, cut, b -> { });
      BoxStreamException e = assertThrows(BoxStreamException.class, dec::finish);
      assertEquals(BoxStreamError.MISSING_GOODBYE, e.error(), "cut at " + cut);
      assertTrue(!dec.isEnded());
    }
  }

  @Test
  void bytesAfterTheGoodbyeAreRefused() {
    byte[] ct = HEX.parseHex(v.get("ciphertext").asText());
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
    dec.feed(cat(ct, new byte[] {0}), 0, ct.length, b -> { });
    assertTrue(dec.isEnded());
    assertEquals(BoxStreamError.DATA_AFTER_GOODBYE,
        assertThrows(BoxStreamException.class, () -> dec.feed(new byte[] {1}, b -> { })).error());
  }

  /** An authenticated header (boxed with the right key and nonce) that announces a bad length. */
  @ParameterizedTest
  @ValueSource(ints = {0, 4097, 65535})
  void authenticatedHeadersWithBadLengthsAreRefusedBeforeAnyAllocation(int length) {
    byte[] header = new byte[18];
    header[0] = (byte) (length >>> 8);
    header[1] = (byte) length;
    header[5] = 1; // not the goodbye even when the length is 0
    byte[] boxed = SecretBox.seal(header, nonce, key);
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
    BoxStreamException e = assertThrows(BoxStreamException.class, () -> dec.feed(boxed, b -> { }));
    assertEquals(BoxStreamError.BAD_LENGTH, e.error());
    assertEquals(0, dec.bufferedBytes(), "no body buffer for a refused length");
  }

  @Test
  void anUnauthenticatedHeaderAllocatesNothing() {
    byte[] garbage = new byte[34];
    Arrays.fill(garbage, (byte) 0xff); // would read as length 65535 if trusted
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, nonce);
    assertEquals(BoxStreamError.AUTHENTICATION_FAILED,
        assertThrows(BoxStreamException.class, () -> dec.feed(garbage, b -> { })).error());
    assertEquals(0, dec.bufferedBytes());
  }

  @Test
  void theNonceCounterClosesInsteadOfWrapping() {
    byte[] last = new byte[24];
    Arrays.fill(last, (byte) 0xff);
    last[23] = (byte) 0xfd; // room for one frame (fd, fe) and the goodbye (ff), then nothing
    BoxStreamEncoder enc = BoxStreamEncoder.of(key, last);
    byte[] frame = enc.encrypt(new byte[] {42});
    assertEquals(35, frame.length);
    BoxStreamException e = assertThrows(BoxStreamException.class, () -> enc.encrypt(new byte[] {43}));
    assertEquals(BoxStreamError.NONCE_EXHAUSTED, e.error());
    assertTrue(enc.isClosed());

    BoxStreamEncoder enc2 = BoxStreamEncoder.of(key, last);
    byte[] ok = enc2.encrypt(new byte[] {42});
    byte[] bye = enc2.goodbye();
    BoxStreamDecoder dec = BoxStreamDecoder.of(key, last);
    List<byte[]> got = new ArrayList<>();
    dec.feed(cat(ok, bye), got::add);
    dec.finish();
    assertArrayEquals(new byte[] {42}, got.get(0));

    byte[] allOnes = new byte[24];
    Arrays.fill(allOnes, (byte) 0xff);
    BoxStreamEncoder enc3 = BoxStreamEncoder.of(key, allOnes);
    assertEquals(BoxStreamError.NONCE_EXHAUSTED,
        assertThrows(BoxStreamException.class, () -> enc3.encrypt(new byte[] {1})).error());
    BoxNonce n = new BoxNonce(allOnes);
    assertArrayEquals(allOnes, n.next());
    assertEquals(BoxStreamError.NONCE_EXHAUSTED, assertThrows(BoxStreamException.class, n::next).error());
  }

  @Test
  void emptyInputGivesNoFrameAndConsumesNoNonce() {
    BoxStreamEncoder a = BoxStreamEncoder.of(key, nonce);
    assertEquals(0, a.encrypt(new byte[0]).length);
    assertArrayEquals(list("ciphertextFrames").get(0), Arrays.copyOf(a.encrypt(list("plaintextChunks").get(0)), 34));
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
