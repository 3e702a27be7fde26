package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaPublicKey;
import social.kith.crypto.encoding.CanonicalBase64;

/**
 * draft-cavage-http-signatures-12 Appendix C: every case verifies or fails exactly as
 * {@code cavage-12/cases.json} states, and the signing strings match.
 */
class CavageVectorsTest {
  static final JsonNode CASES = Vectors.json("cavage-12/cases.json").get("cases");

  static JsonNode named(String name) {
    for (JsonNode c : CASES) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no case " + name);
  }

  static CavageSignature parsed(JsonNode c) {
    if (!c.get("signature_header").isNull()) {
      return CavageSignature.parse(Vectors.unfold(c.get("signature_header").asText(), "Signature: "));
    }
    return CavageSignature.parse(
        Vectors.unfold(c.get("authorization_header").asText(), "Authorization: Signature "));
  }

  @Test
  void everyCaseIsCovered() {
    List<String> names = new ArrayList<>();
    CASES.forEach(c -> names.add(c.get("name").asText()));
    assertEquals(List.of("default", "basic", "all-headers"), names);
  }

  @Test
  void theKeyIsRsa1024AndRefusedByTheStrictPolicy() {
    assertEquals(1024, Vectors.cavagePublicKey().bitLength());
    CryptoException e = assertThrows(CryptoException.class,
        () -> Pem.rsaPublicKey(Vectors.text("cavage-12/test-key-public.pem")));
    assertEquals(CryptoException.Reason.UNSUPPORTED_KEY, e.reason());
  }

  @Test
  void theRequestDigestMatchesItsBody() {
    HttpMessage.Request r = Vectors.cavageRequest();
    BodyDigests.verifyDigest(r.headers().first("digest").orElseThrow(), r.body());
    assertEquals(r.headers().first("digest").orElseThrow(), BodyDigests.digestHeader(r.body()));
  }

  @Test
  void defaultAndBasicVerifyWithTheirSigningStrings() {
    VerificationKey key = VerificationKey.of(Vectors.cavagePublicKey());
    for (String name : List.of("default", "basic")) {
      JsonNode c = named(name);
      CavageSignature sig = parsed(c);
      assertEquals(c.get("key_id").asText(), sig.keyId());
      assertEquals(c.get("algorithm").asText(), sig.algorithmName().orElseThrow());
      assertEquals(c.get("signing_string").asText(),
          Cavage12.signingString(Vectors.cavageRequest(), sig), name);
      assertArrayEquals(CanonicalBase64.decode(c.get("recomputed_signature_b64").asText()),
          sig.signatureBytes(), name);
      assertTrue(c.get("published_signature_verifies").asBoolean());
      assertTrue(Cavage12.verify(Vectors.cavageRequest(), sig, key, false), name);
    }
    assertEquals(List.of("date"), parsed(named("default")).headers());
    assertFalse(parsed(named("default")).headersExplicit());
  }

  @Test
  void pkcs1IsDeterministicSoSigningReproducesThePublishedSignatures() {
    for (String name : List.of("default", "basic")) {
      JsonNode c = named(name);
      CavageSignature sig = parsed(c);
      String header = Cavage12.sign(Vectors.cavageRequest(),
          SigningCredential.of("Test", Vectors.cavagePrivateKey()), sig.headers(), null, null);
      assertArrayEquals(sig.signatureBytes(), CavageSignature.parse(header).signatureBytes(), name);
    }
  }

  @Test
  void allHeadersPublishedSignatureCoversOnlyThePlainSigningString() {
    JsonNode c = named("all-headers");
    CavageSignature sig = parsed(c);
    RsaPublicKey key = Vectors.cavagePublicKey();
    assertEquals(List.of("(request-target)", "(created)", "(expires)", "host", "date",
        "content-type", "digest", "content-length"), sig.headers());
    assertEquals(1402170695L, sig.createdSeconds().getAsLong());
    assertEquals(1402170699L, sig.expiresSeconds().getAsLong());

    String perHeaders = Cavage12.signingString(Vectors.cavageRequest(), sig.headers(),
        sig.createdSeconds().getAsLong(), sig.expiresSeconds().getAsLong(), true);
    assertEquals(c.get("signing_string_per_headers_param").asText(), perHeaders);

    byte[] published = sig.signatureBytes();
    // "published_signature_verifies": true -- over the signing string the draft prints...
    assertTrue(c.get("published_signature_verifies").asBoolean());
    assertTrue(key.verify(c.get("signing_string").asText().getBytes(UTF_8), published));
    // ..."published_signature_verifies_per_headers_param": false -- not over what it claims.
    assertFalse(c.get("published_signature_verifies_per_headers_param").asBoolean());
    assertFalse(key.verify(perHeaders.getBytes(UTF_8), published));
    byte[] recomputed = CanonicalBase64.decode(
        c.get("recomputed_signature_b64_per_headers_param").asText());
    assertTrue(key.verify(perHeaders.getBytes(UTF_8), recomputed));

    // As sent (rsa-sha256 with (created)), Kith refuses it as draft-cavage-12 section 2.3 says.
    SignatureException e = assertThrows(SignatureException.class,
        () -> Cavage12.verify(Vectors.cavageRequest(), sig, VerificationKey.of(key), false));
    assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER, e.reason());

    // With hs2019 and the signature recomputed over what the headers parameter lists, it verifies.
    String hs2019 = "keyId=\"Test\",algorithm=\"hs2019\",created=1402170695,expires=1402170699,"
        + "headers=\"(request-target) (created) (expires) host date content-type digest content-length\","
        + "signature=\"" + CanonicalBase64.encode(recomputed) + "\"";
    assertTrue(Cavage12.verify(Vectors.cavageRequest(), CavageSignature.parse(hs2019),
        VerificationKey.of(key), false));
    // ...and the published one does not.
    String hs2019Published = hs2019.replace(CanonicalBase64.encode(recomputed),
        CanonicalBase64.encode(published));
    SignatureException invalid = assertThrows(SignatureException.class,
        () -> Cavage12.verify(Vectors.cavageRequest(), CavageSignature.parse(hs2019Published),
            VerificationKey.of(key), false));
    assertEquals(SignatureError.SIGNATURE_INVALID, invalid.reason());
  }
}
