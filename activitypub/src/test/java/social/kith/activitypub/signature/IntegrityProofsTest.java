package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.jcs.Jcs;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Hashes;
import social.kith.crypto.encoding.DidKey;
import social.kith.crypto.encoding.Hex;
import social.kith.crypto.encoding.Multibase;
import social.kith.crypto.encoding.Multicodec;

/**
 * FEP-8b32 / eddsa-jcs-2022: the FEP's own test vector (fep-8b32.feature), the vc-di-eddsa
 * alumni-credential vectors, and the typed rejections.
 */
class IntegrityProofsTest {
  /** vc-di-eddsa TestVectors/keyPair.json (also used by fep-8b32.feature). */
  static final String SECRET_MULTIBASE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
  static final String PUBLIC_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
  static final InstantSource NOW = InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z"));

  static Ed25519PrivateKey key() {
    byte[] seed = Multicodec.strip(0x1300, Multibase.decode(Multibase.Base.BASE58BTC, SECRET_MULTIBASE));
    return Ed25519.fromSeed(seed);
  }

  static Ed25519PublicKey publicKey() {
    return Ed25519.publicKey(Multicodec.strip(Multicodec.ED25519_PUB,
        Multibase.decode(Multibase.Base.BASE58BTC, PUBLIC_MULTIBASE)));
  }

  static ProofKeyResolver only(String vm) {
    return m -> m.equals(vm) ? Optional.of(publicKey()) : Optional.empty();
  }

  static final String FEP_DOCUMENT = "{\"@context\":[\"https://www.w3.org/ns/activitystreams\","
      + "\"https://w3id.org/security/data-integrity/v2\"],\"id\":\"https://server.example/activities/1\","
      + "\"type\":\"Create\",\"actor\":\"https://server.example/users/alice\",\"object\":{"
      + "\"id\":\"https://server.example/objects/1\",\"type\":\"Note\","
      + "\"attributedTo\":\"https://server.example/users/alice\",\"content\":\"Hello world\","
      + "\"location\":{\"type\":\"Place\",\"longitude\":-71.184902,\"latitude\":25.273962}}}";
  static final String FEP_VM = "https://server.example/users/alice#ed25519-key";
  static final String FEP_PROOF_VALUE =
      "z42ffGu6AUKPCFcFPiabmUvnGLPJzC7e4DGWC52NUasSSH37UMa9c58tdgVszUcZfytxa4fQ5TYHaJENCxUDe9SdL";

  @Test
  void keyPairIsTheVectorsKey() {
    assertEquals(DidKey.PREFIX + PUBLIC_MULTIBASE, DidKey.formatEd25519(key().publicKey().bytes()));
  }

  /** fep-8b32.feature "Signing document": Ed25519 is deterministic, so the proofValue is exact. */
  @Test
  void fep8b32SigningVector() throws Exception {
    byte[] signed = IntegrityProofs.sign(FEP_DOCUMENT.getBytes(UTF_8), key(), FEP_VM,
        Instant.parse("2023-02-24T23:36:38Z"));
    JsonNode proof = Vectors.JSON.readTree(signed).get("proof");
    assertEquals(FEP_PROOF_VALUE, proof.get("proofValue").asText());
    assertEquals("eddsa-jcs-2022", proof.get("cryptosuite").asText());
    assertEquals("2023-02-24T23:36:38Z", proof.get("created").asText());
    assertEquals(Vectors.JSON.readTree(FEP_DOCUMENT).get("@context"), proof.get("@context"));
    IntegrityProofs.verify(signed, only(FEP_VM), NOW);
  }

  /** fep-8b32.feature "Verifying a signature", as published (pretty-printed, proof key order). */
  @Test
  void fep8b32VerifyingVector() throws Exception {
    ObjectNode doc = (ObjectNode) Vectors.JSON.readTree(FEP_DOCUMENT);
    ObjectNode proof = doc.putObject("proof");
    proof.set("@context", doc.get("@context").deepCopy());
    proof.put("type", "DataIntegrityProof").put("cryptosuite", "eddsa-jcs-2022")
        .put("verificationMethod", FEP_VM).put("proofPurpose", "assertionMethod")
        .put("proofValue", FEP_PROOF_VALUE).put("created", "2023-02-24T23:36:38Z");
    byte[] pretty = Vectors.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
    VerifiedProof v = IntegrityProofs.verify(pretty, only(FEP_VM), NOW);
    assertEquals(FEP_VM, v.verificationMethod());
    assertEquals(Instant.parse("2023-02-24T23:36:38Z"), v.created().orElseThrow());
  }

  static final String ALUMNI = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
      + "\"https://www.w3.org/ns/credentials/examples/v2\"],"
      + "\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\","
      + "\"type\":[\"VerifiableCredential\",\"AlumniCredential\"],\"name\":\"Alumni Credential\","
      + "\"description\":\"A minimum viable example of an Alumni Credential.\","
      + "\"issuer\":\"https://vc.example/issuers/5678\",\"validFrom\":\"2023-01-01T00:00:00Z\","
      + "\"credentialSubject\":{\"id\":\"did:example:abcdefgh\",\"alumniOf\":\"The School of Examples\"}}";

  /** vc-di-eddsa TestVectors/eddsa-jcs-2022: canonical document, canonical proof config, hashes. */
  @Test
  void vcDiEddsaJcsIntermediateValues() throws Exception {
    assertEquals("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"],"
        + "\"credentialSubject\":{\"alumniOf\":\"The School of Examples\",\"id\":\"did:example:abcdefgh\"},"
        + "\"description\":\"A minimum viable example of an Alumni Credential.\","
        + "\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\",\"issuer\":\"https://vc.example/issuers/5678\","
        + "\"name\":\"Alumni Credential\",\"type\":[\"VerifiableCredential\",\"AlumniCredential\"],"
        + "\"validFrom\":\"2023-01-01T00:00:00Z\"}", Jcs.canonicalize(ALUMNI));
    String proofConfig = "{\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-jcs-2022\","
        + "\"created\":\"2023-02-24T23:36:38Z\",\"verificationMethod\":\"did:key:" + PUBLIC_MULTIBASE + "#"
        + PUBLIC_MULTIBASE + "\",\"proofPurpose\":\"assertionMethod\",\"@context\":["
        + "\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"]}";
    String canonicalProof = Jcs.canonicalize(proofConfig);
    assertEquals("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"],"
        + "\"created\":\"2023-02-24T23:36:38Z\",\"cryptosuite\":\"eddsa-jcs-2022\",\"proofPurpose\":\"assertionMethod\","
        + "\"type\":\"DataIntegrityProof\",\"verificationMethod\":\"did:key:" + PUBLIC_MULTIBASE + "#"
        + PUBLIC_MULTIBASE + "\"}", canonicalProof);
    byte[] combined = IntegrityProofs.hashData((ObjectNode) Vectors.JSON.readTree(proofConfig),
        (ObjectNode) Vectors.JSON.readTree(ALUMNI));
    assertEquals("66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
        + "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19", Hex.encode(combined));
    assertEquals(Hex.encode(Hashes.sha256(Jcs.canonicalize(ALUMNI.getBytes(UTF_8)))),
        Hex.encode(combined).substring(64));
  }

  /**
   * The two published signed alumni credentials: the current one (proof carries the document's
   * {@code @context}, proofValue z63t8...) and the earlier one without it (z3P6r..., as Hubzilla's
   * test quotes it). Each verifies exactly as written and fails with the other's proof shape.
   */
  @Test
  void vcDiEddsaSignedCredentialsBothGenerations() throws Exception {
    String vm = "https://vc.example/issuers/5678#" + PUBLIC_MULTIBASE;
    String current = "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4";
    String earlier = "z3P6rHMUaWG6e3Ac6xYFht8aEvoVXndgKTtEY8kzWYXzk8dKmAo2GJeZiJw4qoZ2PGp4ugdaHx3oQiLpeFBLDqP2M";
    IntegrityProofs.verify(alumni(vm, current, true), only(vm), NOW);
    IntegrityProofs.verify(alumni(vm, earlier, false), only(vm), NOW);
    assertEquals(SignatureError.PROOF_INVALID, assertThrows(SignatureException.class,
        () -> IntegrityProofs.verify(alumni(vm, current, false), only(vm), NOW)).reason());
    assertEquals(SignatureError.PROOF_INVALID, assertThrows(SignatureException.class,
        () -> IntegrityProofs.verify(alumni(vm, earlier, true), only(vm), NOW)).reason());
    // Signing reproduces the current one byte for byte (Ed25519 is deterministic).
    JsonNode mine = Vectors.JSON.readTree(IntegrityProofs.sign(ALUMNI.getBytes(UTF_8), key(), vm,
        Instant.parse("2023-02-24T23:36:38Z")));
    assertEquals(current, mine.get("proof").get("proofValue").asText());
  }

  static byte[] alumni(String vm, String proofValue, boolean withContext) throws Exception {
    ObjectNode doc = (ObjectNode) Vectors.JSON.readTree(ALUMNI);
    ObjectNode p = doc.putObject("proof");
    p.put("type", "DataIntegrityProof").put("cryptosuite", "eddsa-jcs-2022")
        .put("created", "2023-02-24T23:36:38Z").put("verificationMethod", vm)
        .put("proofPurpose", "assertionMethod");
    if (withContext) {
      p.set("@context", doc.get("@context").deepCopy());
    }
    p.put("proofValue", proofValue);
    return Vectors.JSON.writeValueAsBytes(doc);
  }

  /** The did:key form signs and verifies locally, with no key lookup. */
  @Test
  void didKeyVerificationMethodResolvesLocally() {
    String vm = "did:key:" + PUBLIC_MULTIBASE + "#" + PUBLIC_MULTIBASE;
    byte[] signed = IntegrityProofs.sign(ALUMNI.getBytes(UTF_8), key(), vm,
        Instant.parse("2023-02-24T23:36:38Z"));
    assertEquals(vm, IntegrityProofs.verify(signed, ProofKeyResolver.didKey(), NOW).verificationMethod());
  }

  @Test
  void tamperingBreaksTheProof() throws Exception {
    byte[] signed = IntegrityProofs.sign(FEP_DOCUMENT.getBytes(UTF_8), key(), FEP_VM,
        Instant.parse("2023-02-24T23:36:38Z"));
    ObjectNode doc = (ObjectNode) Vectors.JSON.readTree(signed);
    ((ObjectNode) doc.get("object")).put("content", "Goodbye world");
    assertEquals(SignatureError.PROOF_INVALID, reason(doc, only(FEP_VM)));
    doc = (ObjectNode) Vectors.JSON.readTree(signed);
    ((ObjectNode) doc.get("proof")).put("created", "2023-02-24T23:36:39Z");
    assertEquals(SignatureError.PROOF_INVALID, reason(doc, only(FEP_VM)));
    // A legacy LD signature beside the proof is ignored (FEP-8b32 "Backward compatibility").
    doc = (ObjectNode) Vectors.JSON.readTree(signed);
    doc.putObject("signature").put("type", "RsaSignature2017").put("signatureValue", "x");
    IntegrityProofs.verify(Vectors.JSON.writeValueAsBytes(doc), only(FEP_VM), NOW);
  }

  @Test
  void typedRejections() throws Exception {
    byte[] signed = IntegrityProofs.sign(FEP_DOCUMENT.getBytes(UTF_8), key(), FEP_VM,
        Instant.parse("2023-02-24T23:36:38Z"));
    ObjectNode base = (ObjectNode) Vectors.JSON.readTree(signed);

    ObjectNode d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("cryptosuite", "eddsa-rdfc-2022");
    assertEquals(SignatureError.UNSUPPORTED_CRYPTOSUITE, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("type", "Ed25519Signature2020");
    assertEquals(SignatureError.UNSUPPORTED_CRYPTOSUITE, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("proofPurpose", "authentication");
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("proofValue", "u" + "A".repeat(86));
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("proofValue", "z3P6r");
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).remove("verificationMethod");
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("created", "yesterday");
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).put("expires", "2023-12-31T00:00:00Z");
    assertEquals(SignatureError.PROOF_EXPIRED, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    ((ObjectNode) d.get("proof")).putArray("@context").add("https://evil.example/context");
    assertEquals(SignatureError.PROOF_CONTEXT_MISMATCH, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    d.putArray("proof").add(base.get("proof")).add(base.get("proof"));
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    d = base.deepCopy();
    d.remove("proof");
    assertEquals(SignatureError.MALFORMED_PROOF, reason(d, only(FEP_VM)));
    assertEquals(SignatureError.KEY_UNAVAILABLE, reason(base, vm -> Optional.empty()));
    // a key of someone else
    assertEquals(SignatureError.PROOF_INVALID,
        reason(base, vm -> Optional.of(Ed25519.generate().publicKey())));
    // a single-element proof array is the same proof
    d = base.deepCopy();
    d.putArray("proof").add(base.get("proof"));
    IntegrityProofs.verify(Vectors.JSON.writeValueAsBytes(d), only(FEP_VM), NOW);

    for (String bad : new String[] {"[]", "not json", "{\"a\":1,\"a\":2}", "[".repeat(1000)}) {
      SignatureException e = assertThrows(SignatureException.class,
          () -> IntegrityProofs.verify(bad.getBytes(UTF_8), only(FEP_VM), NOW));
      assertEquals(SignatureError.MALFORMED_JSON, e.reason(), bad.substring(0, Math.min(10, bad.length())));
    }
    SignatureException twice = assertThrows(SignatureException.class,
        () -> IntegrityProofs.sign(signed, key(), FEP_VM, Instant.EPOCH));
    assertEquals(SignatureError.MALFORMED_PROOF, twice.reason());
  }

  static SignatureError reason(JsonNode doc, ProofKeyResolver keys) throws Exception {
    byte[] json = Vectors.JSON.writeValueAsBytes(doc);
    return assertThrows(SignatureException.class, () -> IntegrityProofs.verify(json, keys, NOW)).reason();
  }
}
