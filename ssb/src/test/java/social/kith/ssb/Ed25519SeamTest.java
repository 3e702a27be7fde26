package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519Signed;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/** The default seams on Kith's Ed25519 agree with the JDK's EdDSA on every vector, and sign identically. */
class Ed25519SeamTest {
  private static final Ed25519Verifier KITH = Ed25519Verifier.libsodium();

  @Test
  void bothVerifiersAcceptEveryMainNetSignatureAndRejectEveryFlippedBit() {
    List<JsonValue> messages = Vectors.array(Vectors.load("go-ssb-legacy/messages.json"), "messages").values();
    int checked = 0;
    for (JsonValue m : messages) {
      JsonObject value = (JsonObject) Vectors.get(m, "value");
      byte[] key = Base64.getDecoder().decode(((JsonString) value.get("author").orElseThrow()).value().substring(1, 45));
      String sigText = ((JsonString) value.get("signature").orElseThrow()).value();
      byte[] sig = Base64.getDecoder().decode(sigText.substring(0, sigText.indexOf('.')));
      byte[] signed = Vectors.string(m, "signingJson").getBytes(StandardCharsets.UTF_8);
      assertTrue(KITH.verify(key, signed, sig));
      assertTrue(JdkEd25519.VERIFIER.verify(key, signed, sig));
      byte[] flipped = sig.clone();
      flipped[checked % 64] ^= (byte) (1 << (checked % 8));
      assertFalse(KITH.verify(key, signed, flipped));
      assertFalse(JdkEd25519.VERIFIER.verify(key, signed, flipped));
      checked++;
    }
    assertEquals(235, checked);
  }

  @Test
  void bothVerifiersGiveTheSameVerdictOnTheValidationDataset() {
    List<JsonValue> entries = ((JsonArray) Vectors.load("ssb-validation-dataset/data.json")).values();
    int compared = 0;
    for (JsonValue e : entries) {
      JsonValue hmac = Vectors.get(e, "hmacKey");
      MessageValidator kith;
      MessageValidator jdk;
      if (hmac instanceof JsonNull) {
        kith = MessageValidator.mainNet();
        jdk = MessageValidator.mainNet(JdkEd25519.VERIFIER);
      } else {
        try {
          HmacKey key = HmacKey.fromBase64(((JsonString) hmac).value());
          kith = MessageValidator.withHmacKey(key);
          jdk = MessageValidator.withHmacKey(JdkEd25519.VERIFIER, key);
        } catch (SsbException | ClassCastException bad) {
          continue;
        }
      }
      Optional<FeedState> state = ValidationDatasetTest.state(Vectors.get(e, "state"));
      assertEquals(jdk.validate(state, Vectors.get(e, "message")), kith.validate(state, Vectors.get(e, "message")));
      compared++;
    }
    assertTrue(compared > 110, "compared " + compared);
  }

  @Test
  void kithSignerSignsByteForByteLikeTheJdk() {
    byte[] seed = social.kith.ssb.internal.Digests.sha256("seam".getBytes(StandardCharsets.UTF_8));
    Ed25519Signer kith = Ed25519Signer.of(Ed25519.fromSeed(seed));
    Ed25519Signer jdk = JdkEd25519.signer(seed);
    assertArrayEquals(jdk.publicKey(), kith.publicKey());
    for (String text : List.of("", "a", "ssb ✓ message")) {
      byte[] m = text.getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(jdk.sign(m), kith.sign(m));
    }
    assertFalse(kith.toString().contains(Base64.getEncoder().encodeToString(seed)));
  }

  @Test
  void generatedKeyPairsSignMessagesThatValidate() {
    SsbKeyPair a = SsbKeyPair.generate();
    SsbKeyPair b = SsbKeyPair.generate();
    assertNotEquals(a.id(), b.id());
    assertEquals(a.id(), a.signer().feedId());
    FeedPublisher publisher = FeedPublisher.builder().signer(a.signer()).build();
    SsbMessage first = publisher.publish(TestFeeds.post("hello"));
    assertTrue(MessageValidator.mainNet().validateFirst(first.value()).isValid());
    // Someone else's key does not verify it.
    JsonObject forged = first.value().with("author", JsonValue.of(b.id().toString()));
    assertEquals(ValidationError.SIGNATURE_INVALID,
        ((ValidationResult.Invalid) MessageValidator.mainNet().validateFirst(forged)).code());
  }

  @Test
  void malformedInputsAreFalseNotExceptions() {
    byte[] key = new byte[32];
    assertFalse(KITH.verify(null, new byte[0], new byte[64]));
    assertFalse(KITH.verify(new byte[31], new byte[0], new byte[64]));
    assertFalse(KITH.verify(key, new byte[0], new byte[63]));
    assertFalse(KITH.verify(key, null, new byte[64]));
    assertFalse(KITH.verify(key, new byte[0], null));
  }

  @Test
  void batchVerificationEqualsOneByOneForBothImplementations() throws Exception {
    Ed25519Signer signer = TestFeeds.signer("batch");
    List<Ed25519Signed> items = new ArrayList<>();
    List<Boolean> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] sig = signer.sign(m);
      if (i % 3 == 0) {
        sig[i % 64] ^= 1;
      }
      items.add(Ed25519Signed.of(Ed25519.publicKey(signer.publicKey()), m, sig));
      expected.add(i % 3 != 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      boolean[] kith = KITH.verifyAll(items, pool);
      boolean[] jdk = JdkEd25519.VERIFIER.verifyAll(items, pool);
      for (int i = 0; i < items.size(); i++) {
        assertEquals(expected.get(i), kith[i], "item " + i);
        assertEquals(expected.get(i), jdk[i], "item " + i);
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(0, KITH.verifyAll(List.of(), Runnable::run).length);
  }
}
