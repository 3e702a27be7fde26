package social.kith.ssb.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import social.kith.crypto.X25519PrivateKey;
import social.kith.crypto.X25519PublicKey;
import social.kith.ssb.FeedId;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/** private-box 0.3.1 / ssb-keys 8.5.0 vectors and checklist item 61. */
class PrivateBoxTest {
  private static final JsonObject VECTORS = BoxVectors.load("generated/private-box.json");

  private static List<JsonValue> recipients() {
    return ((JsonArray) BoxVectors.get(VECTORS, "recipients")).values();
  }

  @Test
  void multiboxVectorOpensForEachRecipientAndNotForTheOutsider() {
    JsonValue multibox = BoxVectors.get(VECTORS, "multibox");
    byte[] box = BoxVectors.hex(multibox, "ciphertext");
    byte[] expected = BoxVectors.string(multibox, "plaintext").getBytes(StandardCharsets.UTF_8);
    assertEquals(3, recipients().size());
    for (JsonValue r : recipients()) {
      SsbKeyPair keys = BoxVectors.keys(BoxVectors.string(r, "ed25519_secret"));
      assertEquals(BoxVectors.string(r, "id"), keys.id().toString());
      // Kith's key conversions are ssb-keys' (libsodium's) conversions.
      X25519PrivateKey sk = BoxedContent.boxKey(keys);
      assertArrayEquals(BoxVectors.hex(r, "curve25519_sk"), sk.bytes());
      assertArrayEquals(BoxVectors.hex(r, "curve25519_pk"), BoxedContent.curveKey(keys.id()).bytes());
      assertArrayEquals(expected, PrivateBox.decrypt(box, sk).orElseThrow());
      assertArrayEquals(expected, PrivateBox.decrypt(box, X25519PrivateKey.of(BoxVectors.hex(r, "curve25519_sk"))).orElseThrow());
    }
    JsonValue outsider = BoxVectors.get(VECTORS, "outsider");
    assertEquals(Optional.empty(), PrivateBox.decrypt(box, X25519PrivateKey.of(BoxVectors.hex(outsider, "curve25519_sk"))));
    assertEquals(Optional.empty(), PrivateBox.decrypt(box,
        BoxedContent.boxKey(BoxVectors.keys(BoxVectors.string(outsider, "ed25519_secret")))));
  }

  @Test
  void ssbKeysBoxStringOpensToItsContent() {
    JsonValue v = BoxVectors.get(VECTORS, "ssbKeysBox");
    String boxed = BoxVectors.string(v, "content");
    JsonValue plaintext = BoxVectors.get(v, "plaintext");
    for (JsonValue r : recipients()) {
      Optional<JsonValue> content = BoxedContent.unbox(boxed, BoxVectors.keys(BoxVectors.string(r, "ed25519_secret")));
      assertEquals(V8Json.stringify(plaintext), V8Json.stringify(content.orElseThrow()));
    }
    assertEquals(Optional.empty(), BoxedContent.unbox(boxed,
        BoxVectors.keys(BoxVectors.string(BoxVectors.get(VECTORS, "outsider"), "ed25519_secret"))));
  }

  @Test
  void edgeCaseChainsPrivateMessageOpensWithTheNamedRecipientKey() {
    JsonObject file = BoxVectors.load("generated/legacy-json-edge-cases.json");
    JsonValue link = ((JsonArray) BoxVectors.get(file, "chain")).values().stream()
        .filter(l -> BoxVectors.string(l, "name").equals("private-box-string-content")).findFirst().orElseThrow();
    String boxed = ((JsonString) BoxVectors.get(BoxVectors.get(link, "message"), "content")).value();
    JsonObject content = (JsonObject) BoxedContent.unbox(boxed, BoxVectors.named("ssb-vectors-recipient-1")).orElseThrow();
    assertTrue(content.has("type"), content::toString);
    assertEquals(Optional.empty(), BoxedContent.unbox(boxed, BoxVectors.named("ssb-vectors-recipient-2")));
  }

  @Test
  void roundTripsForOneToSevenRecipients() {
    SsbKeyPair outsider = SsbKeyPair.generate();
    for (int n = 1; n <= PrivateBox.MAX_RECIPIENTS; n++) {
      List<SsbKeyPair> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(SsbKeyPair.generate());
      }
      JsonObject content = JsonObject.builder().put("type", "post").put("text", "to " + n + " \u2603")
          .put("recps", new JsonArray(keys.stream().<JsonValue>map(k -> JsonValue.of(k.id().toString())).toList())).build();
      String boxed = BoxedContent.box(content, keys.stream().map(SsbKeyPair::id).toList());
      assertTrue(boxed.endsWith(".box"));
      byte[] raw = Base64.getDecoder().decode(boxed.substring(0, boxed.length() - 4));
      assertEquals(PrivateBox.HEADER + PrivateBox.SLOT * n + 16 + V8Json.stringifyCompact(content)
          .getBytes(StandardCharsets.UTF_8).length, raw.length);
      for (SsbKeyPair k : keys) {
        assertEquals(content, BoxedContent.unbox(boxed, k).orElseThrow());
      }
      assertEquals(Optional.empty(), BoxedContent.unbox(boxed, outsider));
    }
  }

  @Test
  void zeroOrEightRecipientsAreRefusedWithTypedCodes() {
    List<X25519PublicKey> eight = new ArrayList<>();
    List<FeedId> eightFeeds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      SsbKeyPair k = SsbKeyPair.generate();
      eightFeeds.add(k.id());
      eight.add(BoxedContent.curveKey(k.id()));
    }
    byte[] m = "x".getBytes(StandardCharsets.UTF_8);
    assertEquals(PrivateBoxError.NO_RECIPIENTS,
        assertThrows(PrivateBoxException.class, () -> PrivateBox.encrypt(m, List.of())).code());
    assertEquals(PrivateBoxError.TOO_MANY_RECIPIENTS,
        assertThrows(PrivateBoxException.class, () -> PrivateBox.encrypt(m, eight)).code());
    JsonObject content = JsonObject.builder().put("type", "post").build();
    assertEquals(PrivateBoxError.TOO_MANY_RECIPIENTS,
        assertThrows(PrivateBoxException.class, () -> BoxedContent.box(content, eightFeeds)).code());
    assertEquals(PrivateBoxError.NO_RECIPIENTS,
        assertThrows(PrivateBoxException.class, () -> BoxedContent.box(content, List.of())).code());
    // Seven is fine.
    assertEquals(7, eight.subList(0, 7).size());
    PrivateBox.encrypt(m, eight.subList(0, 7));
  }

  @Test
  void lowOrderRecipientKeysAreRefused() {
    byte[] m = {1};
    PrivateBoxException e = assertThrows(PrivateBoxException.class,
        () -> PrivateBox.encrypt(m, List.of(X25519PublicKey.of(new byte[32]))));
    assertEquals(PrivateBoxError.INVALID_RECIPIENT, e.code());
    // An Ed25519 identity point (small order) has no Curve25519 form.
    byte[] identity = new byte[32];
    identity[0] = 1;
    PrivateBoxException f = assertThrows(PrivateBoxException.class,
        () -> BoxedContent.box(JsonObject.builder().put("type", "post").build(), List.of(FeedId.of(identity))));
    assertEquals(PrivateBoxError.INVALID_RECIPIENT, f.code());
  }

  @Test
  void truncatedGarbageAndRandomInputIsNotForMe() {
    SsbKeyPair me = SsbKeyPair.generate();
    X25519PrivateKey sk = BoxedContent.boxKey(me);
    byte[] box = PrivateBox.encrypt("hello".getBytes(StandardCharsets.UTF_8), List.of(BoxedContent.curveKey(me.id())));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), PrivateBox.decrypt(box, sk).orElseThrow());
    for (int len = 0; len < box.length; len++) {
      assertEquals(Optional.empty(), PrivateBox.decrypt(Arrays.copyOf(box, len), sk), "prefix of " + len);
    }
    for (int i = 0; i < box.length; i++) {
      byte[] flipped = box.clone();
      flipped[i] ^= 0x20;
      assertEquals(Optional.empty(), PrivateBox.decrypt(flipped, sk), "flipped byte " + i);
    }
    Random random = new Random(61);
    for (int i = 0; i < 300; i++) {
      byte[] junk = new byte[random.nextInt(600)];
      random.nextBytes(junk);
      assertEquals(Optional.empty(), PrivateBox.decrypt(junk, sk));
      String boxed = Base64.getEncoder().encodeToString(junk) + ".box";
      assertEquals(Optional.empty(), BoxedContent.unbox(boxed, sk));
    }
    for (String s : List.of("", ".box", "abc.box", "%%%.box", "AAAA.box2", "AAAA", "a.b.box", "x".repeat(10) + ".box")) {
      assertEquals(Optional.empty(), BoxedContent.unbox(s, sk), s);
    }
    assertEquals(Optional.empty(), PrivateBox.decrypt(null, sk));
    assertEquals(Optional.empty(), BoxedContent.unbox((String) null, sk));
    // A one-time key of low order (all zeros) cannot be used; not for me either.
    byte[] zeroKey = box.clone();
    Arrays.fill(zeroKey, 24, 56, (byte) 0);
    assertEquals(Optional.empty(), PrivateBox.decrypt(zeroKey, sk));
  }

  @Test
  void recipientCountsOfZeroOrAboveSevenAreNotForMe() {
    SsbKeyPair me = SsbKeyPair.generate();
    X25519PublicKey pk = BoxedContent.curveKey(me.id());
    byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
    for (int count : new int[] {0, 8, 255}) {
      byte[] box = PrivateBox.seal(m, List.of(pk), new SecureRandom(), count);
      assertEquals(Optional.empty(), PrivateBox.decrypt(box, BoxedContent.boxKey(me)), "count " + count);
    }
    assertArrayEquals(m, PrivateBox.decrypt(PrivateBox.seal(m, List.of(pk), new SecureRandom(), 1),
        BoxedContent.boxKey(me)).orElseThrow());
  }

  @Test
  void atMostSevenSlotsAreTried() {
    // A box with 8 slots (no honest encoder makes one): the 8th recipient's slot is never tried.
    List<SsbKeyPair> keys = new ArrayList<>();
    List<X25519PublicKey> pks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      SsbKeyPair k = SsbKeyPair.generate();
      keys.add(k);
      pks.add(BoxedContent.curveKey(k.id()));
    }
    byte[] box = PrivateBox.seal("{}".getBytes(StandardCharsets.UTF_8), pks, new SecureRandom(), 8);
    for (int i = 0; i < 8; i++) {
      assertEquals(Optional.empty(), PrivateBox.decrypt(box, BoxedContent.boxKey(keys.get(i))), "recipient " + i);
    }
  }

  @Test
  void bulkDecryptOfManyForeignBoxesNeverThrows() {
    X25519PrivateKey me = X25519PrivateKey.generate();
    X25519PublicKey other = X25519PrivateKey.generate().publicKey();
    byte[] foreign = PrivateBox.encrypt(new byte[500], List.of(other, other, other, other, other, other, other));
    int opened = 0;
    for (int i = 0; i < 2_000; i++) {
      if (PrivateBox.decrypt(foreign, me).isPresent()) {
        opened++;
      }
    }
    assertEquals(0, opened);
  }

  @Test
  void plaintextThatIsNotJsonIsNotContent() {
    SsbKeyPair me = SsbKeyPair.generate();
    byte[] raw = PrivateBox.encrypt("not json".getBytes(StandardCharsets.UTF_8), List.of(BoxedContent.curveKey(me.id())));
    String boxed = Base64.getEncoder().encodeToString(raw) + ".box";
    assertEquals(Optional.empty(), BoxedContent.unbox(boxed, me));
    assertTrue(PrivateBox.decrypt(raw, BoxedContent.boxKey(me)).isPresent());
  }
}
