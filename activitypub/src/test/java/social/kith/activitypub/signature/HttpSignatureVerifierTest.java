package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static social.kith.activitypub.signature.Fixtures.ALICE;
import static social.kith.activitypub.signature.Fixtures.ALICE_RSA;
import static social.kith.activitypub.signature.Fixtures.CAROL_ED;
import static social.kith.activitypub.signature.Fixtures.RSA;
import static social.kith.activitypub.signature.Fixtures.cavage;
import static social.kith.activitypub.signature.Fixtures.components;
import static social.kith.activitypub.signature.Fixtures.inboxPost;
import static social.kith.activitypub.signature.Fixtures.rfc9421;
import static social.kith.activitypub.signature.Fixtures.verifier;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.activitypub.signature.Fixtures.RecordingKeyResolver;
import social.kith.crypto.Hashes;
import social.kith.crypto.HmacSha256Key;
import social.kith.crypto.encoding.CanonicalBase64;

/**
 * The inbound verifier end to end, table-driven per checklist item: every rejection asserts its
 * typed reason and, where the request fails before any key is needed, that no key was looked up.
 */
class HttpSignatureVerifierTest {

  static SignatureError reject(HttpMessage.Request r, RecordingKeyResolver keys) {
    return assertThrows(SignatureException.class, () -> verifier().verify(r, keys)).reason();
  }

  static SignatureError rejectBeforeKeyLookup(HttpMessage.Request r) {
    RecordingKeyResolver keys = RecordingKeyResolver.alice();
    SignatureError e = reject(r, keys);
    assertEquals(List.of(), keys.lookups, "no key may be looked up for a request that fails early");
    return e;
  }

  @Nested
  class Accepts {
    @ParameterizedTest
    @EnumSource(SignatureGeneration.class)
    void signedInboxPost(SignatureGeneration g) {
      HttpMessage.Request r = Fixtures.signed(inboxPost(), g);
      RecordingKeyResolver keys = RecordingKeyResolver.alice();
      VerifiedSignature v = verifier().verify(r, keys);
      assertEquals(g, v.generation());
      assertEquals(ALICE, v.keyId());
      assertEquals(SignatureAlgorithm.RSA_V1_5_SHA256, v.algorithm());
      assertTrue(v.bodyDigestVerified());
      assertTrue(v.queryCovered());
      assertEquals(List.of(ALICE), keys.lookups);
    }

    @ParameterizedTest
    @EnumSource(SignatureGeneration.class)
    void signedFetchWithEd25519(SignatureGeneration g) {
      HttpMessage.Request r = Fixtures.signer(CAROL_ED).signed(
          Fixtures.fetch("https://b.example/users/bob/outbox?page=2"), g);
      VerifiedSignature v = verifier().verify(r, id -> Optional.of(Vectors.ed25519()));
      assertEquals(SignatureAlgorithm.ED25519, v.algorithm());
      assertFalse(v.bodyDigestVerified());
      assertTrue(v.queryCovered());
    }
  }

  /** Item 7: the algorithm comes from the key type, never from the header. */
  @Nested
  class AlgorithmConfusion {
    static Stream<Arguments> cavageCases() {
      VerificationKey rsa = VerificationKey.of(RSA.verifyingKey());
      VerificationKey ed = Vectors.ed25519();
      return Stream.of(
          Arguments.of("hmac-sha256", rsa, SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("ed25519", rsa, SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("ecdsa-sha256", rsa, SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-sha256", ed, SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-sha1", rsa, SignatureError.UNSUPPORTED_ALGORITHM),
          Arguments.of("rsa-sha512", rsa, SignatureError.UNSUPPORTED_ALGORITHM),
          Arguments.of("hmac-sha1", rsa, SignatureError.UNSUPPORTED_ALGORITHM),
          Arguments.of("none", rsa, SignatureError.UNSUPPORTED_ALGORITHM));
    }

    @ParameterizedTest
    @MethodSource("cavageCases")
    void cavageHeaderAlgorithmCannotOverrideTheKey(String alg, VerificationKey key, SignatureError expected) {
      HttpMessage.Request r = cavage(inboxPost(), ALICE_RSA,
          List.of("(request-target)", "host", "date", "digest"), null, null,
          h -> h.replace("algorithm=\"rsa-sha256\"", "algorithm=\"" + alg + "\""));
      RecordingKeyResolver keys = new RecordingKeyResolver(key);
      assertEquals(expected, reject(r, keys));
      if (expected == SignatureError.UNSUPPORTED_ALGORITHM) {
        assertEquals(List.of(), keys.lookups);
      }
    }

    /** The classic forgery: an HMAC keyed with the RSA public key, labelled hmac-sha256. */
    @Test
    void hmacKeyedWithThePublicKeyIsNotTried() {
      HttpMessage.Request unsigned = inboxPost().withHeaders(Headers.of(
          "Date", HttpDates.format(Fixtures.NOW), "Digest", BodyDigests.digestHeader(Fixtures.ACTIVITY)));
      List<String> covered = List.of("(request-target)", "host", "date", "digest");
      String text = Cavage12.signingString(unsigned, covered, null, null, true);
      byte[] mac = HmacSha256Key.of(RSA.verifyingKey().spki()).sign(text.getBytes(UTF_8));
      HttpMessage.Request forged = unsigned.withHeaders(Headers.of("Signature",
          "keyId=\"" + ALICE + "\",algorithm=\"hmac-sha256\",headers=\"" + String.join(" ", covered)
              + "\",signature=\"" + CanonicalBase64.encode(mac) + "\""));
      assertEquals(SignatureError.ALGORITHM_KEY_MISMATCH, reject(forged, RecordingKeyResolver.alice()));
      // and without the label the key's own algorithm (RSA) rejects the MAC bytes
      HttpMessage.Request unlabelled = unsigned.withHeaders(Headers.of("Signature",
          "keyId=\"" + ALICE + "\",headers=\"" + String.join(" ", covered)
              + "\",signature=\"" + CanonicalBase64.encode(mac) + "\""));
      assertEquals(SignatureError.SIGNATURE_INVALID, reject(unlabelled, RecordingKeyResolver.alice()));
    }

    @ParameterizedTest
    @MethodSource("acceptedNames")
    void acceptedCavageNamesMatchingTheKey(String alg, SigningCredential c, VerificationKey key) {
      String from = c.key().algorithm() == social.kith.crypto.KeyAlgorithm.RSA ? "rsa-sha256" : "hs2019";
      HttpMessage.Request r = cavage(inboxPost(), c, List.of("(request-target)", "host", "date", "digest"),
          null, null, h -> alg == null ? h.replace(",algorithm=\"" + from + "\"", "")
              : h.replace("algorithm=\"" + from + "\"", "algorithm=\"" + alg + "\""));
      VerifiedSignature v = verifier().verify(r, id -> Optional.of(key));
      assertEquals(key.algorithm(), v.algorithm());
    }

    static Stream<Arguments> acceptedNames() {
      VerificationKey rsa = VerificationKey.of(RSA.verifyingKey());
      return Stream.of(
          Arguments.of("hs2019", ALICE_RSA, rsa),
          Arguments.of("rsa-sha256", ALICE_RSA, rsa),
          Arguments.of("RSA-SHA256", ALICE_RSA, rsa),
          Arguments.of(null, ALICE_RSA, rsa),
          Arguments.of("hs2019", CAROL_ED, Vectors.ed25519()),
          Arguments.of("ed25519", CAROL_ED, Vectors.ed25519()));
    }

    @Test
    void hs2019WithAnRsaPssBoundKeyStillMeansPkcs1() {
      HttpMessage.Request r = cavage(inboxPost(), ALICE_RSA,
          List.of("(request-target)", "host", "date", "digest"), null, null,
          h -> h.replace("rsa-sha256", "hs2019"));
      VerifiedSignature v = verifier().verify(r, id -> Optional.of(VerificationKey.rsaPss(RSA.verifyingKey())));
      assertEquals(SignatureAlgorithm.RSA_V1_5_SHA256, v.algorithm());
    }

    static Stream<Arguments> rfc9421Cases() {
      return Stream.of(
          Arguments.of("hmac-sha256", VerificationKey.of(RSA.verifyingKey()), SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("ed25519", VerificationKey.of(RSA.verifyingKey()), SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-pss-sha512", VerificationKey.of(RSA.verifyingKey()), SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-v1_5-sha256", VerificationKey.rsaPss(RSA.verifyingKey()), SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-v1_5-sha256", Vectors.ed25519(), SignatureError.ALGORITHM_KEY_MISMATCH),
          Arguments.of("rsa-sha1", VerificationKey.of(RSA.verifyingKey()), SignatureError.UNSUPPORTED_ALGORITHM),
          Arguments.of("hs2019", VerificationKey.of(RSA.verifyingKey()), SignatureError.UNSUPPORTED_ALGORITHM));
    }

    @ParameterizedTest
    @MethodSource("rfc9421Cases")
    void rfc9421AlgParameterCannotOverrideTheKey(String alg, VerificationKey key, SignatureError expected) {
      HttpMessage.Request r = rfc9421(inboxPost(), ALICE_RSA,
          components("@method", "@target-uri", "@authority", "date", "content-digest"),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE, "alg", "rsa-v1_5-sha256"),
          in -> in.replace("alg=\"rsa-v1_5-sha256\"", "alg=\"" + alg + "\""));
      RecordingKeyResolver keys = new RecordingKeyResolver(key);
      assertEquals(expected, reject(r, keys));
    }
  }

  /** Item 9: unsigned or garbage-signed requests. */
  @Nested
  class UnsignedOrGarbage {
    @Test
    void noSignatureHeader() {
      assertEquals(SignatureError.MISSING_SIGNATURE, rejectBeforeKeyLookup(inboxPost()));
      HttpMessage.Request basicAuth = inboxPost().withHeaders(Headers.of("Authorization", "Basic dTpw"));
      assertEquals(SignatureError.MISSING_SIGNATURE, rejectBeforeKeyLookup(basicAuth));
    }

    @Test
    void keyIdOnly() {
      HttpMessage.Request r = inboxPost().withHeaders(Headers.of("Signature", "keyId=\"x\""));
      assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER, rejectBeforeKeyLookup(r));
    }

    @Test
    void randomSignatureBytes() {
      HttpMessage.Request good = Fixtures.signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      String header = good.headers().first("signature").orElseThrow();
      String sig = header.substring(header.indexOf("signature=\"") + 11, header.length() - 1);
      byte[] random = Hashes.sha512(sig.getBytes(UTF_8));
      byte[] rsaSized = new byte[256];
      for (int i = 0; i < rsaSized.length; i++) {
        rsaSized[i] = random[i % random.length];
      }
      HttpMessage.Request r = good.replacingHeaders(good.headers().toBuilder()
          .set("Signature", header.replace(sig, CanonicalBase64.encode(rsaSized))).build());
      RecordingKeyResolver keys = RecordingKeyResolver.alice();
      assertEquals(SignatureError.SIGNATURE_INVALID, reject(r, keys));
      assertEquals(List.of(ALICE), keys.lookups);
    }

    @Test
    void unknownKey() {
      HttpMessage.Request r = Fixtures.signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      assertEquals(SignatureError.KEY_UNAVAILABLE, reject(r, new RecordingKeyResolver(null)));
    }

    @Test
    void twoSignatureHeaders() {
      HttpMessage.Request good = Fixtures.signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      HttpMessage.Request r = good.withHeaders(Headers.of("Signature",
          good.headers().first("signature").orElseThrow()));
      assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER, rejectBeforeKeyLookup(r));
    }
  }

  /** Item 12: body tampering and digests. */
  @Nested
  class BodyAndDigest {
    static final List<String> WITH_DIGEST = List.of("(request-target)", "host", "date", "digest");

    @ParameterizedTest
    @EnumSource(SignatureGeneration.class)
    void bodyChangedAfterSigning(SignatureGeneration g) {
      HttpMessage.Request r = Fixtures.signed(inboxPost(), g);
      byte[] tampered = Fixtures.ACTIVITY.clone();
      tampered[tampered.length - 3] ^= 1;
      assertEquals(SignatureError.DIGEST_MISMATCH, rejectBeforeKeyLookup(r.withBody(tampered)));
    }

    @Test
    void digestPresentButNotSigned() {
      HttpMessage.Request r = cavage(inboxPost(), List.of("(request-target)", "host", "date"));
      assertTrue(r.headers().contains("digest"));
      assertEquals(SignatureError.DIGEST_NOT_SIGNED, rejectBeforeKeyLookup(r));
    }

    @Test
    void noDigestAtAll() {
      HttpMessage.Request noDigest = inboxPost().withHeaders(Headers.of("Date", HttpDates.format(Fixtures.NOW)));
      HttpMessage.Request r = noDigest.withHeaders(Headers.of("Signature",
          Cavage12.sign(noDigest, ALICE_RSA, List.of("(request-target)", "host", "date"), null, null)));
      assertEquals(SignatureError.DIGEST_MISSING, rejectBeforeKeyLookup(r));
    }

    static Stream<Arguments> badDigests() {
      byte[] sha = Hashes.sha256(Fixtures.ACTIVITY);
      byte[] short31 = java.util.Arrays.copyOf(sha, 31);
      return Stream.of(
          Arguments.of("MD5=" + CanonicalBase64.encode(java.util.Arrays.copyOf(sha, 16)), SignatureError.UNSUPPORTED_DIGEST),
          Arguments.of("SHA=" + CanonicalBase64.encode(java.util.Arrays.copyOf(sha, 20)), SignatureError.UNSUPPORTED_DIGEST),
          Arguments.of("SHA-256=not*base64", SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=" + CanonicalBase64.encode(sha).replace("=", ""), SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=" + CanonicalBase64.encode(short31), SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=" + CanonicalBase64.encode(Hashes.sha256(new byte[1])), SignatureError.DIGEST_MISMATCH),
          Arguments.of("SHA-512=" + CanonicalBase64.encode(Hashes.sha512(new byte[1])), SignatureError.DIGEST_MISMATCH),
          Arguments.of("SHA-256", SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=" + CanonicalBase64.encode(sha) + ",", SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=" + CanonicalBase64.encode(sha) + ", SHA-512="
              + CanonicalBase64.encode(Hashes.sha512(new byte[1])), SignatureError.DIGEST_MISMATCH));
    }

    @ParameterizedTest
    @MethodSource("badDigests")
    void digestHeaderTable(String digest, SignatureError expected) {
      HttpMessage.Request r = cavage(inboxPost().withHeaders(Headers.of("Digest", digest)), WITH_DIGEST);
      assertEquals(expected, rejectBeforeKeyLookup(r));
    }

    @Test
    void acceptedDigestForms() {
      byte[] body = Fixtures.ACTIVITY;
      for (String d : List.of(
          "SHA-512=" + CanonicalBase64.encode(Hashes.sha512(body)),
          "sha-256=" + CanonicalBase64.encode(Hashes.sha256(body)),
          "MD5=AAAAAAAAAAAAAAAAAAAAAA==, SHA-256=" + CanonicalBase64.encode(Hashes.sha256(body)))) {
        HttpMessage.Request r = cavage(inboxPost().withHeaders(Headers.of("Digest", d)), WITH_DIGEST);
        assertTrue(verifier().verify(r, RecordingKeyResolver.alice()).bodyDigestVerified(), d);
      }
    }

    static Stream<Arguments> badContentDigests() {
      byte[] sha = Hashes.sha256(Fixtures.ACTIVITY);
      return Stream.of(
          Arguments.of("sha-256=:" + CanonicalBase64.encode(Hashes.sha256(new byte[1])) + ":", SignatureError.DIGEST_MISMATCH),
          Arguments.of("md5=:" + CanonicalBase64.encode(java.util.Arrays.copyOf(sha, 16)) + ":", SignatureError.UNSUPPORTED_DIGEST),
          Arguments.of("sha-256=\"" + CanonicalBase64.encode(sha) + "\"", SignatureError.MALFORMED_DIGEST),
          Arguments.of("sha-256=:" + CanonicalBase64.encode(java.util.Arrays.copyOf(sha, 31)) + ":", SignatureError.MALFORMED_DIGEST),
          Arguments.of("SHA-256=:" + CanonicalBase64.encode(sha) + ":", SignatureError.MALFORMED_DIGEST),
          Arguments.of("sha-256=:" + CanonicalBase64.encode(sha) + ":, sha-256=:AA==:", SignatureError.MALFORMED_DIGEST));
    }

    @ParameterizedTest
    @MethodSource("badContentDigests")
    void contentDigestTable(String digest, SignatureError expected) {
      HttpMessage.Request r = rfc9421(inboxPost().withHeaders(Headers.of("Content-Digest", digest)),
          ALICE_RSA, components("@method", "@target-uri", "@authority", "content-digest"),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), UnaryOperator.identity());
      assertEquals(expected, rejectBeforeKeyLookup(r));
    }

    @Test
    void rfc9421WithoutContentDigestOnPost() {
      HttpMessage.Request r = rfc9421(inboxPost(), ALICE_RSA,
          components("@method", "@target-uri", "@authority"),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), UnaryOperator.identity());
      assertEquals(SignatureError.DIGEST_NOT_SIGNED, rejectBeforeKeyLookup(r));
    }
  }

  /** Item 13: coverage too weak. */
  @Nested
  class Coverage {
    static Stream<Arguments> cavageCases() {
      return Stream.of(
          Arguments.of("POST", List.of("date")),
          Arguments.of("POST", List.of("host", "date", "digest")),
          Arguments.of("POST", List.of("(request-target)", "date", "digest")),
          Arguments.of("POST", List.of("(request-target)", "host", "digest")),
          Arguments.of("GET", List.of("(request-target)", "date")),
          Arguments.of("GET", List.of("host", "date")));
    }

    @ParameterizedTest
    @MethodSource("cavageCases")
    void cavage(String method, List<String> covered) {
      HttpMessage.Request base = method.equals("POST") ? inboxPost() : Fixtures.fetch("https://b.example/users/bob");
      HttpMessage.Request r = Fixtures.cavage(base, covered);
      assertEquals(SignatureError.INSUFFICIENT_COVERAGE, rejectBeforeKeyLookup(r));
    }

    static Stream<Arguments> rfc9421Cases() {
      return Stream.of(
          Arguments.of(List.<String>of()),
          Arguments.of(List.of("@authority", "content-digest")),
          Arguments.of(List.of("@method", "@authority", "content-digest")),
          Arguments.of(List.of("@target-uri", "@authority", "content-digest")),
          Arguments.of(List.of("@method", "@path", "content-digest")));
    }

    @ParameterizedTest
    @MethodSource("rfc9421Cases")
    void rfc9421(List<String> names) {
      HttpMessage.Request r = Fixtures.rfc9421(inboxPost(), ALICE_RSA, components(names.toArray(new String[0])),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), UnaryOperator.identity());
      assertEquals(SignatureError.INSUFFICIENT_COVERAGE, rejectBeforeKeyLookup(r));
    }

    @Test
    void aQueryParamOrDictionaryMemberDoesNotCountAsTheWhole() {
      HttpMessage.Request r = Fixtures.rfc9421(inboxPost(), ALICE_RSA,
          List.of(ComponentId.of("@method"), ComponentId.of("@target-uri"), ComponentId.of("@authority"),
              ComponentId.dictionaryMember("content-digest", "sha-256")),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), UnaryOperator.identity());
      assertEquals(SignatureError.DIGEST_NOT_SIGNED, rejectBeforeKeyLookup(r));
    }

    @Test
    void minimalAcceptedCoverage() {
      // (created) with hs2019 is enough for the time; with rsa-sha256 draft-cavage-12 refuses it
      HttpMessage.Request hs = Fixtures.cavage(inboxPost(), ALICE_RSA,
          List.of("(request-target)", "host", "(created)", "digest"), Fixtures.NOW.getEpochSecond(), null,
          UnaryOperator.identity());
      HttpMessage.Request r = Fixtures.cavage(inboxPost(), ALICE_RSA,
          List.of("(request-target)", "host", "(created)", "digest"), Fixtures.NOW.getEpochSecond(), null,
          h -> h.replace("hs2019", "rsa-sha256"));
      assertTrue(hs.headers().first("signature").orElseThrow().contains("hs2019"));
      verifier().verify(hs, RecordingKeyResolver.alice());
      assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER, rejectBeforeKeyLookup(r));
    }
  }

  /** Item 14: a captured signature replayed elsewhere. */
  @Nested
  class Replay {
    @ParameterizedTest
    @EnumSource(SignatureGeneration.class)
    void otherPathMethodOrHost(SignatureGeneration g) {
      HttpMessage.Request r = Fixtures.signed(inboxPost(), g);
      byte[] body = r.body();
      List<HttpMessage.Request> replays = List.of(
          HttpMessage.Request.of("POST", URI.create("https://b.example/users/eve/inbox"), r.headers(), body),
          HttpMessage.Request.of("PUT", URI.create("https://b.example/users/bob/inbox"), r.headers(), body),
          HttpMessage.Request.of("POST", URI.create("https://b.example/users/bob/inbox?x=1"), r.headers(), body),
          HttpMessage.Request.of("POST", URI.create("https://evil.example/users/bob/inbox"),
              r.headers().toBuilder().set("Host", "evil.example").build(), body));
      for (HttpMessage.Request replay : replays) {
        RecordingKeyResolver keys = RecordingKeyResolver.alice();
        assertEquals(SignatureError.SIGNATURE_INVALID, reject(replay, keys), replay.toString());
      }
    }

    @Test
    void pathOnlyFallbackNeverAppliesToDeliveries() {
      HttpMessage.Request r = Fixtures.signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      HttpMessage.Request withQuery = HttpMessage.Request.of("POST",
          URI.create("https://b.example/users/bob/inbox?x=1"), r.headers(), r.body());
      assertFalse(verifier().policy().allowsPathOnlyRequestTarget(withQuery));
      assertEquals(SignatureError.SIGNATURE_INVALID, reject(withQuery, RecordingKeyResolver.alice()));
    }

    @Test
    void pathOnlyFallbackDoesNotForgiveADifferentPath() {
      HttpMessage.Request r = Fixtures.signed(Fixtures.fetch("https://b.example/users/bob/outbox?page=1"),
          SignatureGeneration.CAVAGE_12);
      HttpMessage.Request other = HttpMessage.Request.of("GET",
          URI.create("https://b.example/users/bob/followers?page=1"), r.headers());
      assertEquals(SignatureError.SIGNATURE_INVALID, reject(other, RecordingKeyResolver.alice()));
    }
  }

  /** Item 18: RFC 9421 specifics. */
  @Nested
  class Rfc9421Specifics {
    HttpMessage.Request twoLabels(boolean secondValid) {
      HttpMessage.Request one = Fixtures.signed(inboxPost(), SignatureGeneration.RFC_9421);
      Headers second = Rfc9421.sign(one, "sig2",
          components("@method", "@target-uri", "@authority", "content-digest"),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), ALICE_RSA);
      String sig2 = second.first("signature").orElseThrow();
      if (!secondValid) {
        sig2 = "sig2=:" + CanonicalBase64.encode(new byte[256]) + ":";
      }
      return one.withHeaders(Headers.of("Signature-Input", second.first("signature-input").orElseThrow(),
          "Signature", sig2));
    }

    @Test
    void severalLabelsAllValid() {
      List<VerifiedSignature> all = verifier().check(twoLabels(true)).verifyAll(RecordingKeyResolver.alice());
      assertEquals(List.of("sig1", "sig2"), all.stream().map(VerifiedSignature::label).toList());
    }

    @Test
    void severalLabelsOneInvalid() {
      assertEquals(SignatureError.SIGNATURE_INVALID, reject(twoLabels(false), RecordingKeyResolver.alice()));
    }

    @Test
    void withoutCreated() {
      HttpMessage.Request r = rfc9421(inboxPost(), ALICE_RSA,
          components("@method", "@target-uri", "@authority", "date", "content-digest"),
          Map.of("keyid", ALICE), UnaryOperator.identity());
      assertEquals(SignatureError.SIG_CREATED_MISSING, rejectBeforeKeyLookup(r));
    }

    @Test
    void labelOnlyInSignature() {
      HttpMessage.Request one = Fixtures.signed(inboxPost(), SignatureGeneration.RFC_9421);
      HttpMessage.Request r = one.withHeaders(Headers.of("Signature", "sig9=:AAAA:"));
      assertEquals(SignatureError.SIGNATURE_LABEL_MISMATCH, rejectBeforeKeyLookup(r));
      HttpMessage.Request noSignature = one.replacingHeaders(one.headers().toBuilder().remove("Signature").build());
      assertEquals(SignatureError.MISSING_SIGNATURE, rejectBeforeKeyLookup(noSignature));
    }

    @Test
    void unsupportedComponentsAndParameters() {
      for (String input : List.of(
          "sig1=(\"@method\" \"@bogus\");created=1;keyid=\"k\"",
          "sig1=(\"@method\" \"accept\";tr);created=1;keyid=\"k\"",
          "sig1=(\"@query-param\");created=1;keyid=\"k\"",
          "sig1=(\"@method\";sf);created=1;keyid=\"k\"")) {
        HttpMessage.Request r = inboxPost().withHeaders(Headers.of("Signature-Input", input,
            "Signature", "sig1=:AAAA:"));
        assertEquals(SignatureError.UNSUPPORTED_COMPONENT, rejectBeforeKeyLookup(r), input);
      }
      for (String input : List.of(
          "sig1=(\"@method\" \"@method\");created=1;keyid=\"k\"",
          "sig1=(\"@method\");created=\"1\";keyid=\"k\"",
          "sig1=(\"@method\");created=1",
          "sig1=(\"Host\");created=1;keyid=\"k\"",
          "sig1=(\"@signature-params\");created=1;keyid=\"k\"",
          "sig1=\"@method\";created=1;keyid=\"k\"",
          "sig1=(\"@method\");created=5;expires=4;keyid=\"k\"")) {
        HttpMessage.Request r = inboxPost().withHeaders(Headers.of("Signature-Input", input,
            "Signature", "sig1=:AAAA:"));
        assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER, rejectBeforeKeyLookup(r), input);
      }
    }
  }

  /** Item 19: the interop matrix that must be accepted. */
  @Nested
  class Interop {
    @ParameterizedTest
    @MethodSource("keyIds")
    void keyIdsWithAndWithoutFragment(String keyId) {
      HttpMessage.Request r = Fixtures.signer(SigningCredential.of(keyId, RSA))
          .signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      RecordingKeyResolver keys = RecordingKeyResolver.alice();
      assertEquals(keyId, verifier().verify(r, keys).keyId());
      assertEquals(List.of(keyId), keys.lookups, "the key id is passed on exactly as sent");
    }

    static Stream<String> keyIds() {
      return Stream.of("https://a.example/users/alice#main-key", "https://a.example/users/alice/main-key",
          "https://a.example/users/alice", "https://a.example/users/alice?operation=rsakey");
    }

    @Test
    void signatureOverThePathWithoutTheQuery() {
      HttpMessage.Request withQuery = Fixtures.fetch("https://b.example/users/bob/outbox?page=true");
      HttpMessage.Request pathOnly = Fixtures.fetch("https://b.example/users/bob/outbox");
      HttpMessage.Request signedPathOnly = Fixtures.signed(pathOnly, SignatureGeneration.CAVAGE_12);
      HttpMessage.Request r = HttpMessage.Request.of("GET", withQuery.target(), signedPathOnly.headers());
      VerifiedSignature v = verifier().verify(r, RecordingKeyResolver.alice());
      assertFalse(v.queryCovered());
      HttpSignatureVerifier strict = HttpSignatureVerifier.builder().clock(Fixtures.CLOCK)
          .policy(SignaturePolicy.builder().allowPathOnlyRequestTarget(false).build()).build();
      assertEquals(SignatureError.SIGNATURE_INVALID,
          assertThrows(SignatureException.class, () -> strict.verify(r, RecordingKeyResolver.alice())).reason());
      assertTrue(verifier().verify(Fixtures.signed(withQuery, SignatureGeneration.CAVAGE_12),
          RecordingKeyResolver.alice()).queryCovered());
    }

    @Test
    void rfc9421OverPathOnlyReportsTheQueryUncovered() {
      HttpMessage.Request r = rfc9421(Fixtures.fetch("https://b.example/users/bob/outbox?page=true"), ALICE_RSA,
          components("@method", "@path", "@authority"),
          Map.of("created", Fixtures.NOW.getEpochSecond(), "keyid", ALICE), UnaryOperator.identity());
      assertFalse(verifier().verify(r, RecordingKeyResolver.alice()).queryCovered());
    }

    @Test
    void authorizationHeaderForm() {
      HttpMessage.Request s = Fixtures.signed(inboxPost(), SignatureGeneration.CAVAGE_12);
      String sig = s.headers().first("signature").orElseThrow();
      HttpMessage.Request r = s.replacingHeaders(s.headers().toBuilder().remove("Signature")
          .add("Authorization", "Signature " + sig).build());
      assertEquals(ALICE, verifier().verify(r, RecordingKeyResolver.alice()).keyId());
    }
  }
}
