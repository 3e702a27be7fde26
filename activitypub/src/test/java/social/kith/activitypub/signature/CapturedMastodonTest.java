package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.crypto.Pem;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.Hashes;

/**
 * The captured Mastodon 2.5.0 delivery (PeerTube's negative fixture): the header signature is
 * valid, the body was altered after signing, so it must fail on its digest.
 */
class CapturedMastodonTest {
  static final JsonNode README = Vectors.json("captured/README.json");
  static final JsonNode FIXTURE = Vectors.json("captured/mastodon-2.5.0-bad-body.json");

  static HttpMessage.Request request() throws Exception {
    Headers.Builder h = Headers.builder();
    FIXTURE.get("headers").fields().forEachRemaining(e -> h.add(e.getKey(), e.getValue().asText()));
    byte[] body = Vectors.JSON.writeValueAsBytes(FIXTURE.get("body")); // the body bytes are lost: compact re-serialisation
    return HttpMessage.Request.of("POST", URI.create("http://localhost/accounts/ronan/inbox"), h.build(), body);
  }

  static VerificationKey ronan2() {
    return VerificationKey.of(Pem.rsaPublicKey(
        Vectors.json("captured/mastodon-2.5.0-ronan2-public-key.json").get("publicKey").asText()));
  }

  @Test
  void headerSignatureIsValidButTheDigestIsNot() throws Exception {
    HttpMessage.Request r = request();
    assertEquals(README.get("sha256_of_compact_body_reserialisation").asText(),
        "SHA-256=" + CanonicalBase64.encode(Hashes.sha256(r.body())));
    CavageSignature sig = (CavageSignature) HttpSignatureVerifier.parse(r.headers()).get(0);
    assertEquals(README.get("signing_string").asText(), Cavage12.signingString(r, sig));
    assertTrue(README.get("header_signature_verifies").asBoolean());
    assertTrue(Cavage12.verify(r, sig, ronan2(), false), "the maths alone accepts the header signature");

    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder()
        .clock(InstantSource.fixed(Instant.parse("2018-10-22T13:34:22Z"))).build();
    Fixtures.RecordingKeyResolver keys = new Fixtures.RecordingKeyResolver(ronan2());
    SignatureException e = assertThrows(SignatureException.class, () -> verifier.verify(r, keys));
    assertEquals(SignatureError.DIGEST_MISMATCH, e.reason());
    assertEquals(List.of(), keys.lookups, "rejected before the key was fetched");
  }

  @Test
  void andToday_itIsAlsoFarOutsideTheWindow() throws Exception {
    SignatureException e = assertThrows(SignatureException.class,
        () -> Fixtures.verifier().verify(request(), id -> Optional.of(ronan2())));
    assertEquals(SignatureError.SIG_DATE_OUT_OF_WINDOW, e.reason());
  }
}
