package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.signature.Fixtures.RecordingKeyResolver;

/** Item 7 of the brief: the outbound signer adds exactly the headers each generation needs. */
class HttpSignerTest {
  @Test
  void cavageDeliveryHeaders() {
    Headers added = Fixtures.signer(Fixtures.ALICE_RSA).sign(Fixtures.inboxPost(), SignatureGeneration.CAVAGE_12);
    assertEquals(List.of("date", "digest", "signature"), List.copyOf(added.names()));
    assertEquals("Thu, 01 Jan 2026 00:00:00 GMT", added.first("date").orElseThrow());
    assertEquals(BodyDigests.digestHeader(Fixtures.ACTIVITY), added.first("digest").orElseThrow());
    CavageSignature sig = CavageSignature.parse(added.first("signature").orElseThrow());
    assertEquals(List.of("(request-target)", "host", "date", "digest"), sig.headers());
    assertEquals("rsa-sha256", sig.algorithmName().orElseThrow());
    assertEquals(Fixtures.ALICE, sig.keyId());
  }

  @Test
  void rfc9421DeliveryHeaders() {
    HttpSigner signer = HttpSigner.builder().credential(Fixtures.ALICE_RSA).clock(Fixtures.CLOCK)
        .validity(Duration.ofMinutes(5)).label("kith").build();
    Headers added = signer.sign(Fixtures.inboxPost(), SignatureGeneration.RFC_9421);
    assertEquals(List.of("date", "content-digest", "signature-input", "signature"), List.copyOf(added.names()));
    assertEquals("kith=(\"@method\" \"@target-uri\" \"@authority\" \"date\" \"content-digest\");created="
        + Fixtures.NOW.getEpochSecond() + ";expires=" + (Fixtures.NOW.getEpochSecond() + 300)
        + ";keyid=\"" + Fixtures.ALICE + "\";alg=\"rsa-v1_5-sha256\"", added.first("signature-input").orElseThrow());
    Fixtures.verifier().verify(Fixtures.inboxPost().withHeaders(added), RecordingKeyResolver.alice());
  }

  @Test
  void getRequestsGetNoDigestAndExistingHeadersAreKept() {
    HttpMessage.Request get = Fixtures.fetch("https://b.example/users/bob").withHeaders(
        Headers.of("Date", "Thu, 01 Jan 2026 00:00:30 GMT"));
    for (SignatureGeneration g : SignatureGeneration.values()) {
      Headers added = Fixtures.signer(Fixtures.ALICE_RSA).sign(get, g);
      assertFalse(added.contains("date"));
      assertFalse(added.contains("digest"));
      assertFalse(added.contains("content-digest"));
      assertFalse(added.contains("host"), "Host is the client's to send");
      Fixtures.verifier().verify(get.withHeaders(added), RecordingKeyResolver.alice());
    }
  }

  @Test
  void everyKeyTypeSignsBothGenerations() {
    List<SigningCredential> creds = List.of(Fixtures.ALICE_RSA, Fixtures.CAROL_ED,
        SigningCredential.rsaPss("k", Vectors.rsaPssPrivate()), SigningCredential.of("k", Vectors.eccPrivate()),
        SigningCredential.of("k", Vectors.sharedSecret()));
    List<VerificationKey> keys = List.of(VerificationKey.of(Fixtures.RSA.verifyingKey()), Vectors.ed25519(),
        Vectors.rsaPss(), Vectors.ecc(), VerificationKey.of(Vectors.sharedSecret()));
    for (int i = 0; i < creds.size(); i++) {
      VerificationKey key = keys.get(i);
      for (SignatureGeneration g : SignatureGeneration.values()) {
        if (g == SignatureGeneration.CAVAGE_12 && key.algorithm() == SignatureAlgorithm.RSA_PSS_SHA512) {
          continue; // draft-cavage RSA is PKCS#1 v1.5 everywhere; see the next test
        }
        HttpMessage.Request r = Fixtures.signer(creds.get(i)).signed(Fixtures.inboxPost(), g);
        assertEquals(key.algorithm(), Fixtures.verifier().verify(r, id -> Optional.of(key)).algorithm());
      }
    }
  }

  @Test
  void cavageWithAPssCredentialSignsPkcs1() {
    HttpMessage.Request r = Fixtures.signer(SigningCredential.rsaPss("k", Vectors.rsaPssPrivate()))
        .signed(Fixtures.inboxPost(), SignatureGeneration.CAVAGE_12);
    VerificationKey pkcs1 = VerificationKey.of(Vectors.rsaPssPrivate().verifyingKey());
    assertEquals(SignatureAlgorithm.RSA_V1_5_SHA256,
        Fixtures.verifier().verify(r, id -> Optional.of(pkcs1)).algorithm());
  }

  @Test
  void builderAndCredentialsFailFastAndHideKeys() {
    assertThrows(IllegalStateException.class, () -> HttpSigner.builder().build());
    assertThrows(IllegalArgumentException.class, () -> HttpSigner.builder().label("Sig"));
    assertThrows(IllegalArgumentException.class, () -> HttpSigner.builder().validity(Duration.ofHours(13)));
    assertThrows(IllegalArgumentException.class, () -> SigningCredential.of("", Fixtures.RSA));
    assertThrows(IllegalArgumentException.class, () -> SigningCredential.of("k\u00e9", Fixtures.RSA));
    assertThrows(IllegalArgumentException.class,
        () -> new SigningCredential("k", Fixtures.ED, SignatureAlgorithm.RSA_V1_5_SHA256));
    assertThrows(IllegalArgumentException.class,
        () -> new VerificationKey(Fixtures.RSA.verifyingKey(), SignatureAlgorithm.HMAC_SHA256));
    String shown = SigningCredential.of("k", Vectors.sharedSecret()).toString()
        + Fixtures.signer(Fixtures.ALICE_RSA) + VerificationKey.of(Vectors.sharedSecret());
    assertFalse(shown.contains("uzvJfB4u"), "no secret in toString");
    assertTrue(shown.contains("key hidden"));
  }
}
