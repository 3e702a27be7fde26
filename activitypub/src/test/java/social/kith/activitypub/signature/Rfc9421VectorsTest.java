package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.kith.crypto.SigningKey;

/**
 * RFC 9421 Appendix B: every case of {@code rfc9421/cases.json} verifies, its signature base
 * matches, deterministic algorithms reproduce the published bytes, and the section B.4
 * transformations keep or break the signature as the RFC says.
 */
class Rfc9421VectorsTest {
  static final JsonNode CASES = Vectors.json("rfc9421/cases.json").get("cases");

  static final String CLIENT_CERT = ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdGUxGzAZBgNVBAMMEkxBIEludGVybWVkaWF0ZSBDQTAeFw0yMDAxMTQyMjU1MzNaFw0yMTAxMjMyMjU1MzNaMA0xCzAJBgNVBAMMAkJDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8YnXXfaUgmnMtOXU/IncWalRhebrXmckC8vdgJ1p5Be5F/3YC8OthxM4+k1M6aEAEFcGzkJiNy6J84y7uzo9M6NyMHAwCQYDVR0TBAIwADAfBgNVHSMEGDAWgBRm3WjLa38lbEYCuiCPct0ZaSED2DAOBgNVHQ8BAf8EBAMCBsAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0RAQH/BBMwEYEPYmRjQGV4YW1wbGUuY29tMAoGCCqGSM49BAMCA0gAMEUCIBHda/r1vaL6G3VliL4/Di6YK0Q6bMjeSkC3dFCOOB8TAiEAx/kHSB4urmiZ0NX5r5XarmPk0wmuydBVoU4hBVZ1yhk=:";

  /** The message each case signs, without its signature fields. */
  static HttpMessage message(String label) {
    switch (label) {
      case "sig-b24":
        return Vectors.rfc9421Response();
      case "ttrp":
        return HttpMessage.Request.of("POST",
            URI.create("https://service.internal.example/foo?param=Value&Pet=dog"),
            Headers.of("Host", "service.internal.example", "Date", "Tue, 20 Apr 2021 02:07:55 GMT",
                "Content-Type", "application/json", "Content-Length", "18",
                "Client-Cert", CLIENT_CERT),
            "{\"hello\": \"world\"}".getBytes(UTF_8));
      case "transform":
        return transformRequest("GET", "https://example.org/demo?name1=Value1&Name2=value2",
            "Host", "example.org", "Date", "Fri, 15 Jul 2022 14:24:55 GMT",
            "Accept", "application/json", "Accept", "*/*");
      default:
        return Vectors.rfc9421Request();
    }
  }

  static HttpMessage.Request transformRequest(String method, String uri, String... headers) {
    return HttpMessage.Request.of(method, URI.create(uri), Headers.of(headers));
  }

  static VerificationKey key(String keyId) {
    switch (keyId) {
      case "test-key-rsa-pss":
        return Vectors.rsaPss();
      case "test-key-ecc-p256":
        return Vectors.ecc();
      case "test-shared-secret":
        return VerificationKey.of(Vectors.sharedSecret());
      case "test-key-ed25519":
        return Vectors.ed25519();
      default:
        throw new AssertionError(keyId);
    }
  }

  static Rfc9421Signature parse(JsonNode c) {
    Headers h = Headers.of("Signature-Input", c.get("signature_input").asText(),
        "Signature", c.get("signature").asText());
    List<Rfc9421Signature> all = Rfc9421Signature.parseAll(h);
    assertEquals(1, all.size());
    return all.get(0);
  }

  @Test
  void everyCaseVerifiesWithItsSignatureBase() {
    List<String> labels = new ArrayList<>();
    for (JsonNode c : CASES) {
      String label = c.get("label").asText();
      labels.add(label);
      Rfc9421Signature sig = parse(c);
      assertEquals(label, sig.label());
      assertEquals(c.get("keyid").asText(), sig.keyId());
      HttpMessage m = message(label);
      assertEquals(c.get("signature_base").asText(), Rfc9421.signatureBase(m, sig), label);
      assertTrue(c.get("verifies").asBoolean());
      Rfc9421.verify(m, sig, key(sig.keyId()));
      VerificationKey k = key(sig.keyId());
      assertEquals(c.get("alg").asText(), k.algorithm().rfc9421Name(), label);
    }
    assertEquals(List.of("sig-b21", "sig-b22", "sig-b23", "sig-b24", "sig-b25", "sig-b26", "ttrp",
        "transform"), labels);
  }

  @Test
  void deterministicAlgorithmsReproduceThePublishedSignatures() {
    for (JsonNode c : CASES) {
      if (!c.get("deterministic").asBoolean()) {
        continue;
      }
      Rfc9421Signature sig = parse(c);
      SigningKey signer = sig.keyId().equals("test-shared-secret")
          ? Vectors.sharedSecret() : Vectors.ed25519Private();
      Headers made = Rfc9421.sign(message(sig.label()), sig.label(), sig.components(), sig.params(),
          SigningCredential.of(sig.keyId(), signer));
      assertEquals(c.get("signature_input").asText(), made.first("signature-input").orElseThrow());
      assertEquals(c.get("signature").asText(), made.first("signature").orElseThrow());
    }
  }

  @Test
  void nonDeterministicAlgorithmsRoundTripWithTheTestKeys() {
    HttpMessage.Request r = Vectors.rfc9421Request();
    List<ComponentId> comps = List.of(ComponentId.of("@method"), ComponentId.of("@authority"),
        ComponentId.of("content-digest"));
    Map<String, Object> params = Map.of("created", 1618884473L, "keyid", "k");
    Rfc9421.verify(r, Rfc9421Signature.parseAll(Rfc9421.sign(r, "a", comps, params,
        SigningCredential.rsaPss("k", Vectors.rsaPssPrivate()))).get(0), Vectors.rsaPss());
    Rfc9421.verify(r, Rfc9421Signature.parseAll(Rfc9421.sign(r, "a", comps, params,
        SigningCredential.of("k", Vectors.rsaPrivate()))).get(0), Vectors.rsa());
    Rfc9421.verify(r, Rfc9421Signature.parseAll(Rfc9421.sign(r, "a", comps, params,
        SigningCredential.of("k", Vectors.eccPrivate()))).get(0), Vectors.ecc());
  }

  @Test
  void contentDigestsOfTheTestMessagesMatchTheirBodies() {
    HttpMessage.Request r = Vectors.rfc9421Request();
    BodyDigests.verifyContentDigest(r.headers().first("content-digest").orElseThrow(), r.body());
    HttpMessage.Response s = Vectors.rfc9421Response();
    BodyDigests.verifyContentDigest(s.headers().first("content-digest").orElseThrow(), s.body());
    assertEquals(r.headers().first("content-digest").orElseThrow(),
        BodyDigests.contentDigestSha512Header(r.body()));
  }

  /** The appendix's printed test-response digest is wrong for its body: Kith says so. */
  @Test
  void thePrintedTestResponseDigestDoesNotMatchItsBody() {
    HttpMessage.Response printed = Vectors.rfc9421Response(Vectors.PRINTED_RESPONSE_DIGEST);
    SignatureException e = assertThrows(SignatureException.class,
        () -> BodyDigests.verifyContentDigest(Vectors.PRINTED_RESPONSE_DIGEST, printed.body()));
    assertEquals(SignatureError.DIGEST_MISMATCH, e.reason());
    // and the B.2.4 signature, made over the real digest, does not verify over the printed one.
    JsonNode b24 = null;
    for (JsonNode c : CASES) {
      if (c.get("label").asText().equals("sig-b24")) {
        b24 = c;
      }
    }
    Rfc9421Signature sig = parse(b24);
    SignatureException invalid = assertThrows(SignatureException.class,
        () -> Rfc9421.verify(printed, sig, Vectors.ecc()));
    assertEquals(SignatureError.SIGNATURE_INVALID, invalid.reason());
  }

  /** Section B.4: transformations that keep the signature valid. */
  @Test
  void allowedTransformationsStillVerify() {
    Rfc9421Signature sig = parse(transformCase());
    VerificationKey key = Vectors.ed25519();
    List<HttpMessage.Request> kept = List.of(
        transformRequest("GET", "https://example.org/demo?name1=Value1&Name2=value2&param=added",
            "Host", "example.org", "Date", "Fri, 15 Jul 2022 14:24:55 GMT",
            "Accept", "application/json", "Accept", "*/*", "Accept-Language", "en-US,en;q=0.5"),
        transformRequest("GET", "https://example.org/demo?name1=Value1&Name2=value2",
            "Host", "example.org", "Referer", "https://developer.example.org/demo",
            "Accept", "application/json, */*"),
        transformRequest("GET", "https://example.org/demo?name1=Value1&Name2=value2",
            "Accept", "application/json", "Accept", "*/*", "Date", "Fri, 15 Jul 2022 14:24:55 GMT",
            "Host", "example.org"));
    for (HttpMessage.Request r : kept) {
      Rfc9421.verify(r, sig, key);
    }
  }

  /** Section B.4: transformations that break it. */
  @Test
  void coveredTransformationsFail() {
    Rfc9421Signature sig = parse(transformCase());
    VerificationKey key = Vectors.ed25519();
    List<HttpMessage.Request> broken = List.of(
        transformRequest("POST", "https://example.com/demo?name1=Value1&Name2=value2",
            "Host", "example.com", "Date", "Fri, 15 Jul 2022 14:24:55 GMT",
            "Accept", "application/json", "Accept", "*/*"),
        transformRequest("GET", "https://example.org/demo?name1=Value1&Name2=value2",
            "Host", "example.org", "Date", "Fri, 15 Jul 2022 14:24:55 GMT",
            "Accept", "*/*", "Accept", "application/json"));
    for (HttpMessage.Request r : broken) {
      SignatureException e = assertThrows(SignatureException.class, () -> Rfc9421.verify(r, sig, key));
      assertEquals(SignatureError.SIGNATURE_INVALID, e.reason());
    }
  }

  /** Section 2.2.8's own examples of @query-param values. */
  @Test
  void queryParamEncoding() {
    HttpMessage.Request r = HttpMessage.Request.of("GET", URI.create(
        "https://example.com/path?param=value&foo=bar&baz=batman&qux=&var=this%20is%20a%20big%0Avalue"
            + "&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&dup=1&dup=2"), Headers.empty());
    assertEquals("batman", Rfc9421.componentValue(r, ComponentId.queryParam("baz")));
    assertEquals("", Rfc9421.componentValue(r, ComponentId.queryParam("qux")));
    assertEquals("this%20is%20a%20big%0Avalue", Rfc9421.componentValue(r, ComponentId.queryParam("var")));
    assertEquals("with%20plus%20whitespace", Rfc9421.componentValue(r, ComponentId.queryParam("bar")));
    assertEquals("something", Rfc9421.componentValue(r, ComponentId.queryParam("fa%C3%A7ade%22%3A%20")));
    assertEquals(SignatureError.UNSUPPORTED_COMPONENT, assertThrows(SignatureException.class,
        () -> Rfc9421.componentValue(r, ComponentId.queryParam("dup"))).reason());
    assertEquals(SignatureError.COVERED_HEADER_MISSING, assertThrows(SignatureException.class,
        () -> Rfc9421.componentValue(r, ComponentId.queryParam("absent"))).reason());
    assertEquals("?param=value&foo=bar&baz=batman&qux=&var=this%20is%20a%20big%0Avalue"
        + "&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&dup=1&dup=2",
        Rfc9421.componentValue(r, ComponentId.of("@query")));
  }

  /** ;sf, ;key, ;bs and ;req on the RFC's own examples (sections 2.1.1 to 2.1.4, 2.4). */
  @Test
  void fieldParameters() {
    HttpMessage.Request r = HttpMessage.Request.of("GET", URI.create("https://example.com/"), Headers.of(
        "Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)  ",
        "Example-Header", "value, with, lots", "Example-Header", "of, commas"));
    assertEquals("a=1,    b=2;x=1;y=2,   c=(a   b   c)",
        Rfc9421.componentValue(r, ComponentId.of("example-dict")));
    assertEquals("a=1, b=2;x=1;y=2, c=(a b c)",
        Rfc9421.componentValue(r, new ComponentId("example-dict", Map.of("sf", true))));
    assertEquals("2;x=1;y=2", Rfc9421.componentValue(r, ComponentId.dictionaryMember("example-dict", "b")));
    assertEquals("(a b c)", Rfc9421.componentValue(r, ComponentId.dictionaryMember("example-dict", "c")));
    assertEquals(":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:",
        Rfc9421.componentValue(r, new ComponentId("example-header", Map.of("bs", true))));
    assertEquals("value, with, lots, of, commas", Rfc9421.componentValue(r, ComponentId.of("example-header")));
    HttpMessage.Response resp = HttpMessage.Response.of(503, Headers.empty(), new byte[0], r);
    assertEquals("GET", Rfc9421.componentValue(resp, new ComponentId("@method", Map.of("req", true))));
    assertEquals("503", Rfc9421.componentValue(resp, ComponentId.of("@status")));
    assertEquals(SignatureError.COVERED_HEADER_MISSING, assertThrows(SignatureException.class,
        () -> Rfc9421.componentValue(r, ComponentId.of("@status"))).reason());
  }

  @Test
  void signingTheSameBaseWithTheEd25519KeyGivesThePublishedBytes() {
    JsonNode c = transformCase();
    Rfc9421Signature sig = parse(c);
    byte[] mine = Vectors.ed25519Private().sign(c.get("signature_base").asText().getBytes(UTF_8));
    assertArrayEquals(sig.signatureBytes(), mine);
  }

  static JsonNode transformCase() {
    for (JsonNode c : CASES) {
      if (c.get("label").asText().equals("transform")) {
        return c;
      }
    }
    throw new AssertionError("no transform case");
  }
}
