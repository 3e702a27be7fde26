package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Base64;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.EcdsaPrivateKey;
import social.kith.crypto.HmacSha256Key;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.RsaPublicKey;
import social.kith.testkit.SharedData;

/** The shared HTTP signature vectors, their keys and the messages they sign. */
final class Vectors {
  private Vectors() {}

  static final ObjectMapper JSON = new ObjectMapper();

  static String text(String relative) {
    try {
      return Files.readString(SharedData.path("vectors/http-signatures/" + relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String relative) {
    try {
      return JSON.readTree(text(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------ draft-cavage Appendix C

  /** The Appendix C request (the published Digest matches the body). */
  static HttpMessage.Request cavageRequest() {
    return HttpMessage.Request.of("POST", URI.create("https://example.com/foo?param=value&pet=dog"),
        Headers.of("Host", "example.com", "Date", "Sun, 05 Jan 2014 21:31:40 GMT",
            "Content-Type", "application/json",
            "Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
            "Content-Length", "18"),
        "{\"hello\": \"world\"}".getBytes(UTF_8));
  }

  /** The RSA-1024 Appendix C key: accepted only through the test-vector override. */
  static RsaPublicKey cavagePublicKey() {
    return RsaKeys.allowingWeakKeysForTestVectorsOnly()
        .publicKeyFromPem(text("cavage-12/test-key-public.pem"));
  }

  static RsaPrivateKey cavagePrivateKey() {
    return RsaKeys.allowingWeakKeysForTestVectorsOnly()
        .privateKeyFromPem(text("cavage-12/test-key-private.pem"));
  }

  /**
   * Undoes the Internet-Draft's line wrapping of a header: folds become one space, and the
   * base64 signature value, which the draft broke across lines, is joined again.
   */
  static String unfold(String wrapped, String fieldPrefix) {
    String s = wrapped;
    if (s.startsWith(fieldPrefix)) {
      s = s.substring(fieldPrefix.length());
    }
    s = s.replaceAll("\n\\s*", " ");
    int at = s.indexOf("signature=\"");
    int start = at + "signature=\"".length();
    int end = s.indexOf('"', start);
    return s.substring(0, start) + s.substring(start, end).replace(" ", "") + s.substring(end);
  }

  // ------------------------------------------------------------ RFC 9421 Appendix B

  static HttpMessage.Request rfc9421Request() {
    return HttpMessage.Request.of("POST", URI.create("https://example.com/foo?param=Value&Pet=dog"),
        Headers.of("Host", "example.com", "Date", "Tue, 20 Apr 2021 02:07:55 GMT",
            "Content-Type", "application/json",
            "Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            "Content-Length", "18"),
        "{\"hello\": \"world\"}".getBytes(UTF_8));
  }

  /**
   * The response that section B.2.4 signed. Its Content-Digest is the body's real SHA-512
   * ({@code mEWX...}, as the B.2.4 signature base shows); the {@code test-response} printed in the
   * appendix carries another value ({@link #PRINTED_RESPONSE_DIGEST}) that matches no body.
   */
  static HttpMessage.Response rfc9421Response() {
    return rfc9421Response("sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:");
  }

  /** The Content-Digest printed in the appendix's {@code test-response}. */
  static final String PRINTED_RESPONSE_DIGEST =
      "sha-512=:JlEy2bfUz7WrWIjc1qV6KVLpdr/7L5/L4h7Sxvh6sNHpDQWDCL+GauFQWcZBvVDhiyOnAQsxzZFYwi0wDH+1pw==:";

  static HttpMessage.Response rfc9421Response(String contentDigest) {
    return HttpMessage.Response.of(200,
        Headers.of("Date", "Tue, 20 Apr 2021 02:07:56 GMT", "Content-Type", "application/json",
            "Content-Digest", contentDigest, "Content-Length", "23"),
        "{\"message\": \"good dog\"}".getBytes(UTF_8));
  }

  static String key(String name) {
    return text("rfc9421/keys/" + name);
  }

  static RsaPrivateKey rsaPssPrivate() {
    return Pem.rsaPrivateKey(key("test-key-rsa-pss.private.pem"));
  }

  static VerificationKey rsaPss() {
    return VerificationKey.rsaPss(Pem.rsaPublicKey(key("test-key-rsa-pss.public.pem")));
  }

  static RsaPrivateKey rsaPrivate() {
    return Pem.rsaPrivateKey(key("test-key-rsa.private.pem"));
  }

  static VerificationKey rsa() {
    return VerificationKey.of(Pem.rsaPublicKey(key("test-key-rsa.public.pem")));
  }

  static EcdsaPrivateKey eccPrivate() {
    return Pem.ecdsaPrivateKey(key("test-key-ecc-p256.private.pem"));
  }

  static VerificationKey ecc() {
    return VerificationKey.of(Pem.ecdsaPublicKey(key("test-key-ecc-p256.public.pem")));
  }

  static Ed25519PrivateKey ed25519Private() {
    return Ed25519.fromSeed(Pem.ed25519PrivateKeySeed(key("test-key-ed25519.private.pem")));
  }

  static VerificationKey ed25519() {
    return VerificationKey.of(Ed25519.publicKey(Pem.ed25519PublicKey(key("test-key-ed25519.public.pem"))));
  }

  static HmacSha256Key sharedSecret() {
    return HmacSha256Key.of(Base64.getDecoder().decode(key("test-shared-secret.b64").strip()));
  }
}
