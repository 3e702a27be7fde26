package social.kith.activitypub.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.jcs.Jcs;
import social.kith.activitypub.jcs.JcsException;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Hashes;
import social.kith.crypto.encoding.Multibase;

/**
 * FEP-8b32 Object Integrity Proofs with the W3C Data Integrity cryptosuite {@code eddsa-jcs-2022}:
 * a {@code proof} member ({@code type: DataIntegrityProof}, {@code proofPurpose: assertionMethod},
 * a {@code verificationMethod}, {@code created} and a base58btc multibase {@code proofValue}) over
 * {@code SHA-256(JCS(proof config)) || SHA-256(JCS(document without proof))}, signed with Ed25519.
 *
 * <p>Signing copies the document's {@code @context} into the proof, as the current vc-di-eddsa
 * and FEP-8b32 vectors do. Verifying follows vc-di-eddsa section 3.3.2: a proof {@code @context}
 * must be a prefix of the document's ({@link SignatureError#PROOF_CONTEXT_MISMATCH}); a proof
 * without one is hashed as written (earlier signers). A legacy {@code signature} (LD signature)
 * member beside the proof is removed before hashing, as FEP-8b32 says.
 *
 * <p>Only one proof per object (FEP-8b32: objects SHOULD NOT carry more); a proof set is
 * {@link SignatureError#MALFORMED_PROOF}. Input limits are those of {@link Jcs} (1 MiB, depth 64);
 * over-limit or malformed JSON is {@link SignatureError#MALFORMED_JSON}.
 */
public final class IntegrityProofs {
  /** The proof type. */
  public static final String TYPE = "DataIntegrityProof";
  /** The cryptosuite. */
  public static final String CRYPTOSUITE = "eddsa-jcs-2022";
  /** The only proof purpose FEP-8b32 allows. */
  public static final String PURPOSE = "assertionMethod";

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(Jcs.MAX_DEPTH)
              .maxStringLength(Jcs.MAX_STRING_LENGTH)
              .maxNameLength(Jcs.MAX_STRING_LENGTH)
              .maxNumberLength(Jcs.MAX_NUMBER_LENGTH)
              .maxDocumentLength(Jcs.MAX_DOCUMENT_BYTES)
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private IntegrityProofs() {}

  /**
   * Adds a proof to the JSON object {@code json}.
   *
   * @param verificationMethod the key's URL (an actor's {@code assertionMethod} id) or DID URL
   * @param created the proof time (truncated to seconds)
   * @return the signed document, compact JSON
   * @throws SignatureException {@link SignatureError#MALFORMED_JSON} if {@code json} is not a JSON
   *     object within the limits, {@link SignatureError#MALFORMED_PROOF} if it already has a proof
   */
  public static byte[] sign(byte[] json, Ed25519PrivateKey key, String verificationMethod,
      Instant created) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(created, "created");
    ObjectNode doc = object(json);
    if (doc.has("proof")) {
      throw new SignatureException(SignatureError.MALFORMED_PROOF, "the object already has a proof");
    }
    ObjectNode proof = MAPPER.createObjectNode();
    if (doc.has("@context")) {
      proof.set("@context", doc.get("@context").deepCopy());
    }
    proof.put("type", TYPE);
    proof.put("cryptosuite", CRYPTOSUITE);
    proof.put("verificationMethod", verificationMethod);
    proof.put("proofPurpose", PURPOSE);
    proof.put("created", DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
    byte[] signature = key.sign(hashData(proof, doc));
    ObjectNode signed = doc.deepCopy();
    ObjectNode finalProof = MAPPER.createObjectNode();
    proof.fields().forEachRemaining(e -> {
      if (e.getKey().equals("created")) {
        finalProof.put("proofValue", Multibase.encode(Multibase.Base.BASE58BTC, signature));
      }
      finalProof.set(e.getKey(), e.getValue());
    });
    signed.set("proof", finalProof);
    try {
      return MAPPER.writeValueAsBytes(signed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /**
   * Verifies the proof of the JSON object {@code json}.
   *
   * @throws SignatureException {@link SignatureError#MALFORMED_JSON},
   *     {@link SignatureError#MALFORMED_PROOF}, {@link SignatureError#UNSUPPORTED_CRYPTOSUITE},
   *     {@link SignatureError#PROOF_CONTEXT_MISMATCH}, {@link SignatureError#PROOF_EXPIRED},
   *     {@link SignatureError#KEY_UNAVAILABLE} or {@link SignatureError#PROOF_INVALID}
   */
  public static VerifiedProof verify(byte[] json, ProofKeyResolver keys, InstantSource clock) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(clock, "clock");
    ObjectNode doc = object(json);
    JsonNode proofNode = doc.get("proof");
    if (proofNode instanceof ArrayNode && proofNode.size() == 1) {
      proofNode = proofNode.get(0);
    }
    if (proofNode == null) {
      throw malformed("the object has no proof");
    }
    if (!(proofNode instanceof ObjectNode)) {
      throw malformed("proof must be one object (proof sets are not supported)");
    }
    ObjectNode proof = (ObjectNode) proofNode;
    if (!TYPE.equals(text(proof, "type", false)) || !CRYPTOSUITE.equals(text(proof, "cryptosuite", false))) {
      throw new SignatureException(SignatureError.UNSUPPORTED_CRYPTOSUITE,
          "only " + TYPE + " with " + CRYPTOSUITE + " is supported");
    }
    String vm = text(proof, "verificationMethod", true);
    if (vm.isEmpty()) {
      throw malformed("verificationMethod is empty");
    }
    if (!PURPOSE.equals(text(proof, "proofPurpose", true))) {
      throw malformed("proofPurpose must be " + PURPOSE);
    }
    Optional<Instant> created = instant(proof, "created");
    Optional<Instant> expires = instant(proof, "expires");
    if (expires.isPresent() && clock.instant().isAfter(expires.get())) {
      throw new SignatureException(SignatureError.PROOF_EXPIRED, "the proof has expired");
    }
    String proofValue = text(proof, "proofValue", true);
    byte[] signature;
    try {
      signature = Multibase.decode(Multibase.Base.BASE58BTC, proofValue);
    } catch (CryptoException e) {
      throw malformed("proofValue is not base58btc multibase");
    }
    if (signature.length != 64) {
      throw malformed("proofValue is not a 64-byte Ed25519 signature");
    }
    ObjectNode options = proof.deepCopy();
    options.remove("proofValue");
    if (options.has("@context") && !isPrefix(options.get("@context"), doc.get("@context"))) {
      throw new SignatureException(SignatureError.PROOF_CONTEXT_MISMATCH,
          "the proof's @context is not a prefix of the document's");
    }
    ObjectNode unsecured = doc.deepCopy();
    unsecured.remove("proof");
    JsonNode ld = unsecured.get("signature");
    if (ld instanceof ObjectNode && ld.has("type")) {
      unsecured.remove("signature");
    }
    Ed25519PublicKey key = keys.resolve(vm).orElseThrow(() -> new SignatureException(
        SignatureError.KEY_UNAVAILABLE, "no key for the verification method"));
    if (!key.verify(hashData(options, unsecured), signature)) {
      throw new SignatureException(SignatureError.PROOF_INVALID, "the integrity proof does not verify");
    }
    return new VerifiedProof(vm, PURPOSE, created);
  }

  /** {@code SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))}. */
  static byte[] hashData(ObjectNode proofConfig, ObjectNode document) {
    return concat(Hashes.sha256(canonical(proofConfig)), Hashes.sha256(canonical(document)));
  }

  /** The RFC 8785 form of a tree (written compactly, then canonicalised by {@link Jcs}). */
  static byte[] canonical(JsonNode node) {
    try {
      return Jcs.canonicalize(MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    } catch (JcsException e) {
      throw new SignatureException(SignatureError.MALFORMED_JSON, "the document is not I-JSON", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static boolean isPrefix(JsonNode proofContext, JsonNode docContext) {
    if (docContext == null) {
      return false;
    }
    JsonNode p = asArray(proofContext);
    JsonNode d = asArray(docContext);
    if (p.size() > d.size()) {
      return false;
    }
    for (int i = 0; i < p.size(); i++) {
      if (!p.get(i).equals(d.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode asArray(JsonNode n) {
    if (n.isArray()) {
      return n;
    }
    ArrayNode a = MAPPER.createArrayNode();
    a.add(n);
    return a;
  }

  private static ObjectNode object(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > Jcs.MAX_DOCUMENT_BYTES) {
      throw new SignatureException(SignatureError.MALFORMED_JSON,
          "document over " + Jcs.MAX_DOCUMENT_BYTES + " bytes");
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new SignatureException(SignatureError.MALFORMED_JSON, "malformed or over-limit JSON", e);
    }
    if (!(n instanceof ObjectNode)) {
      throw new SignatureException(SignatureError.MALFORMED_JSON, "the document is not a JSON object");
    }
    return (ObjectNode) n;
  }

  private static String text(ObjectNode o, String name, boolean required) {
    JsonNode n = o.get(name);
    if (n == null || !n.isTextual()) {
      if (required) {
        throw malformed(name + " must be a string");
      }
      return null;
    }
    return n.textValue();
  }

  private static Optional<Instant> instant(ObjectNode o, String name) {
    JsonNode n = o.get(name);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isTextual() || n.textValue().length() > 64) {
      throw malformed(name + " must be a date-time string");
    }
    try {
      return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(n.textValue(), Instant::from));
    } catch (DateTimeException e) {
      throw malformed(name + " is not an XML Schema date-time");
    }
  }

  private static SignatureException malformed(String message) {
    return new SignatureException(SignatureError.MALFORMED_PROOF, message);
  }
}
