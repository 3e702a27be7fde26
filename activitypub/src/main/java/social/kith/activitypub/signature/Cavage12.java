package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import social.kith.crypto.KeyAlgorithm;
import social.kith.crypto.encoding.CanonicalBase64;

/**
 * The mathematics of draft-cavage-http-signatures-12: the signing string, the algorithm a key
 * implies, signing and verifying. No policy lives here (coverage, time window, digest): that is
 * {@link SignaturePolicy} and {@link HttpSignatureVerifier}.
 *
 * <p>The algorithm comes from the key, never from the header (checklist item 7). The header's
 * {@code algorithm} may be absent or {@code hs2019} (use the key's algorithm; an RSA key means
 * RSASSA-PKCS1-v1_5 with SHA-256, as Mastodon and the rest of the fediverse sign), or name exactly
 * the key's type: {@code rsa-sha256} (RSA), {@code ecdsa-sha256} (P-256), {@code ed25519},
 * {@code hmac-sha256}. Any other name is {@link SignatureError#UNSUPPORTED_ALGORITHM}; a name of
 * another key type is {@link SignatureError#ALGORITHM_KEY_MISMATCH}.
 *
 * <p>The signing string is rebuilt from the actual request (checklist item 14):
 * {@code (request-target)} is the request's lower-cased method and its path and query, so a
 * signature replayed to another method, path or host fails.
 */
public final class Cavage12 {
  private Cavage12() {}

  /** The algorithm names accepted in the {@code algorithm} parameter (lower case). */
  public static final List<String> ACCEPTED_ALGORITHM_NAMES =
      List.of("hs2019", "rsa-sha256", "ecdsa-sha256", "ed25519", "hmac-sha256");

  /**
   * Refuses an algorithm name Kith never accepts, before any key is fetched.
   *
   * @throws SignatureException {@link SignatureError#UNSUPPORTED_ALGORITHM}
   */
  public static void checkAlgorithmName(String name) {
    if (name != null && !ACCEPTED_ALGORITHM_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new SignatureException(SignatureError.UNSUPPORTED_ALGORITHM,
          "algorithm '" + printable(name) + "' is not accepted");
    }
  }

  /**
   * The algorithm that verifies a signature whose header names {@code headerAlgorithm} (may be
   * null) under {@code key}.
   *
   * @throws SignatureException {@link SignatureError#UNSUPPORTED_ALGORITHM} or
   *     {@link SignatureError#ALGORITHM_KEY_MISMATCH}
   */
  public static SignatureAlgorithm algorithmFor(String headerAlgorithm, VerificationKey key) {
    KeyAlgorithm type = key.key().algorithm();
    SignatureAlgorithm fromKey = type == KeyAlgorithm.RSA
        ? SignatureAlgorithm.RSA_V1_5_SHA256 : key.algorithm();
    if (headerAlgorithm == null) {
      return fromKey;
    }
    checkAlgorithmName(headerAlgorithm);
    KeyAlgorithm named;
    switch (headerAlgorithm.toLowerCase(Locale.ROOT)) {
      case "hs2019":
        return fromKey;
      case "rsa-sha256":
        named = KeyAlgorithm.RSA;
        break;
      case "ecdsa-sha256":
        named = KeyAlgorithm.ECDSA_P256;
        break;
      case "ed25519":
        named = KeyAlgorithm.ED25519;
        break;
      default:
        named = KeyAlgorithm.HMAC_SHA256;
        break;
    }
    if (named != type) {
      throw new SignatureException(SignatureError.ALGORITHM_KEY_MISMATCH,
          "algorithm '" + headerAlgorithm + "' does not match the " + type + " key");
    }
    return fromKey;
  }

  /** The signing string of {@code signature} over {@code request}, query included. */
  public static String signingString(HttpMessage.Request request, CavageSignature signature) {
    return signingString(request, signature, true);
  }

  static String signingString(HttpMessage.Request request, CavageSignature signature,
      boolean withQuery) {
    String alg = signature.algorithmName().map(a -> a.toLowerCase(Locale.ROOT)).orElse("");
    boolean legacyAlgorithm = alg.startsWith("rsa") || alg.startsWith("hmac") || alg.startsWith("ecdsa");
    if (legacyAlgorithm && (signature.covers("(created)") || signature.covers("(expires)"))) {
      // draft-cavage-12 section 2.3: (created)/(expires) only with hs2019 (Mastodon agrees).
      throw CavageSignature.malformed("(created) and (expires) are not allowed with algorithm " + alg);
    }
    return signingString(request, signature.headers(),
        signature.createdSeconds().isPresent() ? signature.createdSeconds().getAsLong() : null,
        signature.expiresSeconds().isPresent() ? signature.expiresSeconds().getAsLong() : null,
        withQuery);
  }

  /**
   * The signing string over {@code headers} (lower-case names, pseudo-headers included).
   *
   * @param created the {@code created} parameter (required if {@code (created)} is listed)
   * @param expires the {@code expires} parameter (required if {@code (expires)} is listed)
   * @param withQuery false to build {@code (request-target)} from the path alone (for senders that
   *     leave the query out)
   * @throws SignatureException {@link SignatureError#COVERED_HEADER_MISSING} if a listed header is
   *     absent, {@link SignatureError#MALFORMED_SIGNATURE_HEADER} if a listed pseudo-header has no
   *     parameter
   */
  public static String signingString(HttpMessage.Request request, List<String> headers,
      Long created, Long expires, boolean withQuery) {
    StringBuilder sb = new StringBuilder();
    for (String h : headers) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(h).append(": ");
      switch (h) {
        case "(request-target)":
          sb.append(request.method().toLowerCase(Locale.ROOT)).append(' ')
              .append(withQuery ? request.requestTarget() : request.path());
          break;
        case "(created)":
          if (created == null) {
            throw CavageSignature.malformed("(created) is covered but there is no created parameter");
          }
          sb.append(created);
          break;
        case "(expires)":
          if (expires == null) {
            throw CavageSignature.malformed("(expires) is covered but there is no expires parameter");
          }
          sb.append(expires);
          break;
        case "host":
          sb.append(request.headers().combined("host").orElseGet(request::authority));
          break;
        default:
          sb.append(request.headers().combined(h).orElseThrow(() -> new SignatureException(
              SignatureError.COVERED_HEADER_MISSING, "covered header '" + h + "' is absent")));
      }
    }
    return sb.toString();
  }

  /**
   * Verifies the signature over the request with the query (and, if {@code allowPathOnly}, once
   * more over the path alone when the request has a query).
   *
   * @return true if the signature covers the query; false if it verified over the path alone
   * @throws SignatureException {@link SignatureError#SIGNATURE_INVALID}, or the errors of
   *     {@link #algorithmFor} and {@link #signingString}
   */
  public static boolean verify(HttpMessage.Request request, CavageSignature signature,
      VerificationKey key, boolean allowPathOnly) {
    Objects.requireNonNull(key, "key");
    SignatureAlgorithm alg = algorithmFor(signature.algorithmName().orElse(null), key);
    String withQuery = signingString(request, signature, true);
    if (alg.verify(key.key(), withQuery.getBytes(UTF_8), signature.signatureUnsafe(), false)) {
      return true;
    }
    if (allowPathOnly && request.query().isPresent() && signature.covers("(request-target)")) {
      String pathOnly = signingString(request, signature, false);
      if (alg.verify(key.key(), pathOnly.getBytes(UTF_8), signature.signatureUnsafe(), false)) {
        return false;
      }
    }
    throw new SignatureException(SignatureError.SIGNATURE_INVALID,
        "signature by '" + signature.keyId() + "' does not verify");
  }

  /**
   * Signs {@code request} and returns the {@code Signature} header value. RSA keys sign with
   * PKCS#1 v1.5 and SHA-256 and say {@code rsa-sha256} (what every peer accepts), unless
   * {@code (created)}/{@code (expires)} are covered, which requires {@code hs2019}; other keys say
   * {@code hs2019}.
   */
  public static String sign(HttpMessage.Request request, SigningCredential credential,
      List<String> headers, Long created, Long expires) {
    SignatureAlgorithm alg = credential.key().algorithm() == KeyAlgorithm.RSA
        ? SignatureAlgorithm.RSA_V1_5_SHA256 : credential.algorithm();
    boolean pseudo = headers.contains("(created)") || headers.contains("(expires)");
    String name = alg == SignatureAlgorithm.RSA_V1_5_SHA256 && !pseudo ? "rsa-sha256" : "hs2019";
    String text = signingString(request, headers, created, expires, true);
    byte[] sig = alg.sign(credential.key(), text.getBytes(UTF_8));
    StringBuilder sb = new StringBuilder();
    sb.append("keyId=\"").append(quote(credential.keyId())).append("\",algorithm=\"").append(name)
        .append('"');
    if (created != null) {
      sb.append(",created=").append(created);
    }
    if (expires != null) {
      sb.append(",expires=").append(expires);
    }
    sb.append(",headers=\"").append(String.join(" ", headers)).append("\",signature=\"")
        .append(CanonicalBase64.encode(sig)).append('"');
    return sb.toString();
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
