package social.kith.crypto;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.Base64Url;
import social.kith.crypto.internal.JwkJson;

/**
 * Reads and writes JSON Web Keys (RFC 7517/7518, RFC 8037): {@code RSA} ({@code n}, {@code e};
 * private {@code d}, {@code p}, {@code q}, {@code dp}, {@code dq}, {@code qi}), {@code EC} on
 * {@code P-256} ({@code x}, {@code y}; private {@code d}), {@code OKP} {@code Ed25519} ({@code x};
 * private {@code d}, returned as raw 32-byte key bytes) and {@code oct} (HMAC-SHA-256 secret
 * {@code k}).
 *
 * <p>Input is either JWK JSON, read by a small strict parser (no Jackson; at most {@value
 * JwkJson#MAX_LENGTH} characters, duplicate members refused), or a map of the JWK's string
 * members. Members other than those named are ignored ({@code kid}, {@code alg}, {@code use}...),
 * and a public key may be read from a private JWK. Values are canonical unpadded base64url.
 *
 * <p>Errors: malformed JSON, a missing or non-string member give {@link Reason#MALFORMED_ENCODING};
 * bad base64url gives {@link Reason#NON_CANONICAL_BASE64}; the wrong {@code kty} or {@code crv},
 * or a key that fails key policy, gives {@link Reason#UNSUPPORTED_KEY}; an EC coordinate or
 * Ed25519 key of the wrong size gives {@link Reason#INVALID_LENGTH}.
 *
 * <p>Writers emit members in lexicographic order (the RFC 7638 thumbprint order) without
 * whitespace. Private-key writers are named as such: the output holds key material.
 */
public final class Jwk {
  private Jwk() {}

  /**
   * The string members of a JWK's JSON. Non-string members are omitted.
   *
   * @throws CryptoException with {@link Reason#MALFORMED_ENCODING} for malformed or oversized JSON
   */
  public static Map<String, String> parse(String json) {
    Map<String, Object> raw;
    try {
      raw = JwkJson.parseObject(json);
    } catch (JwkJson.JsonException e) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "malformed JWK JSON: " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (e.getValue() instanceof String) {
        out.put(e.getKey(), (String) e.getValue());
      } else if (KNOWN.contains(e.getKey())) {
        throw new CryptoException(Reason.MALFORMED_ENCODING,
            "JWK member \"" + e.getKey() + "\" must be a string");
      }
    }
    return out;
  }

  private static final java.util.Set<String> KNOWN = java.util.Set.of(
      "kty", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y", "k");

  /** The algorithm of the key in {@code json}, from {@code kty} (and {@code crv}). */
  public static KeyAlgorithm keyAlgorithm(String json) {
    return keyAlgorithm(parse(json));
  }

  /** The algorithm of the key in {@code jwk}, from {@code kty} (and {@code crv}). */
  public static KeyAlgorithm keyAlgorithm(Map<String, String> jwk) {
    String kty = member(jwk, "kty");
    switch (kty) {
      case "RSA":
        return KeyAlgorithm.RSA;
      case "EC":
        requireCurve(jwk, "P-256");
        return KeyAlgorithm.ECDSA_P256;
      case "OKP":
        requireCurve(jwk, "Ed25519");
        return KeyAlgorithm.ED25519;
      case "oct":
        return KeyAlgorithm.HMAC_SHA256;
      default:
        throw new CryptoException(Reason.UNSUPPORTED_KEY, "unsupported JWK kty \"" + kty + "\"");
    }
  }

  // ---- RSA ----

  public static RsaPublicKey rsaPublicKey(String json) {
    return rsaPublicKey(parse(json), RsaKeys.strict());
  }

  public static RsaPublicKey rsaPublicKey(Map<String, String> jwk, RsaKeys policy) {
    requireKty(jwk, "RSA");
    return policy.publicKey(integer(jwk, "n"), integer(jwk, "e"));
  }

  public static RsaPrivateKey rsaPrivateKey(String json) {
    return rsaPrivateKey(parse(json), RsaKeys.strict());
  }

  /**
   * An RSA private key. With all of {@code p, q, dp, dq, qi} the CRT form is used and checked;
   * with none of them, (n, e, d) alone; with some but not all, the key is refused.
   */
  public static RsaPrivateKey rsaPrivateKey(Map<String, String> jwk, RsaKeys policy) {
    requireKty(jwk, "RSA");
    if (jwk.containsKey("oth")) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "multi-prime RSA keys are not supported");
    }
    BigInteger n = integer(jwk, "n");
    BigInteger e = integer(jwk, "e");
    BigInteger d = integer(jwk, "d");
    String[] crt = {"p", "q", "dp", "dq", "qi"};
    int present = 0;
    for (String m : crt) {
      if (jwk.containsKey(m)) {
        present++;
      }
    }
    if (present == 0) {
      return policy.privateKey(n, e, d);
    }
    if (present != crt.length) {
      throw new CryptoException(Reason.MALFORMED_ENCODING,
          "an RSA JWK must have all of p, q, dp, dq, qi or none of them");
    }
    return policy.privateKey(n, e, d, integer(jwk, "p"), integer(jwk, "q"),
        integer(jwk, "dp"), integer(jwk, "dq"), integer(jwk, "qi"));
  }

  // ---- EC P-256 ----

  public static EcdsaPublicKey ecdsaPublicKey(String json) {
    return ecdsaPublicKey(parse(json));
  }

  public static EcdsaPublicKey ecdsaPublicKey(Map<String, String> jwk) {
    requireKty(jwk, "EC");
    requireCurve(jwk, "P-256");
    return EcdsaKeys.publicKey(new BigInteger(1, fixed(jwk, "x", 32)),
        new BigInteger(1, fixed(jwk, "y", 32)));
  }

  public static EcdsaPrivateKey ecdsaPrivateKey(String json) {
    return ecdsaPrivateKey(parse(json));
  }

  public static EcdsaPrivateKey ecdsaPrivateKey(Map<String, String> jwk) {
    EcdsaPublicKey pub = ecdsaPublicKey(jwk);
    byte[] d = fixed(jwk, "d", 32);
    try {
      return EcdsaKeys.privateKey(new BigInteger(1, d), pub);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  // ---- Ed25519 ----

  /** The raw 32-byte Ed25519 public key ({@code x}). */
  public static byte[] ed25519PublicKey(String json) {
    return ed25519PublicKey(parse(json));
  }

  public static byte[] ed25519PublicKey(Map<String, String> jwk) {
    requireKty(jwk, "OKP");
    requireCurve(jwk, "Ed25519");
    return fixed(jwk, "x", 32);
  }

  /** The raw 32-byte Ed25519 private key, the RFC 8032 seed ({@code d}). */
  public static byte[] ed25519PrivateKeySeed(String json) {
    return ed25519PrivateKeySeed(parse(json));
  }

  public static byte[] ed25519PrivateKeySeed(Map<String, String> jwk) {
    requireKty(jwk, "OKP");
    requireCurve(jwk, "Ed25519");
    return fixed(jwk, "d", 32);
  }

  // ---- oct ----

  /** An HMAC-SHA-256 key from an {@code oct} JWK's {@code k}. */
  public static HmacSha256Key hmacSha256Key(String json) {
    return hmacSha256Key(parse(json));
  }

  public static HmacSha256Key hmacSha256Key(Map<String, String> jwk) {
    requireKty(jwk, "oct");
    byte[] k = bytes(jwk, "k");
    try {
      return HmacSha256Key.of(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  // ---- writing ----

  /** The public JWK of an RSA key. */
  public static String write(RsaPublicKey key) {
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "RSA");
    m.put("n", Base64Url.encode(unsigned(key.modulus())));
    m.put("e", Base64Url.encode(unsigned(key.publicExponent())));
    return json(m);
  }

  /** The public JWK of a P-256 key. */
  public static String write(EcdsaPublicKey key) {
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "EC");
    m.put("crv", "P-256");
    m.put("x", Base64Url.encode(EcdsaKeys.fixed(key.x())));
    m.put("y", Base64Url.encode(EcdsaKeys.fixed(key.y())));
    return json(m);
  }

  /** The public JWK of a raw 32-byte Ed25519 public key. */
  public static String writeEd25519PublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 public key is 32 bytes");
    }
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "OKP");
    m.put("crv", "Ed25519");
    m.put("x", Base64Url.encode(publicKey));
    return json(m);
  }

  /** The private JWK of an RSA key: holds key material. */
  public static String writePrivateKey(RsaPrivateKey key) {
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "RSA");
    m.put("n", Base64Url.encode(unsigned(key.verifyingKey().modulus())));
    m.put("e", Base64Url.encode(unsigned(key.verifyingKey().publicExponent())));
    m.put("d", Base64Url.encode(unsigned(key.jdkKey().getPrivateExponent())));
    RSAPrivateCrtKey crt = key.crtKey();
    if (crt != null) {
      m.put("p", Base64Url.encode(unsigned(crt.getPrimeP())));
      m.put("q", Base64Url.encode(unsigned(crt.getPrimeQ())));
      m.put("dp", Base64Url.encode(unsigned(crt.getPrimeExponentP())));
      m.put("dq", Base64Url.encode(unsigned(crt.getPrimeExponentQ())));
      m.put("qi", Base64Url.encode(unsigned(crt.getCrtCoefficient())));
    }
    return json(m);
  }

  /** The private JWK of a P-256 key: holds key material. */
  public static String writePrivateKey(EcdsaPrivateKey key) {
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "EC");
    m.put("crv", "P-256");
    m.put("x", Base64Url.encode(EcdsaKeys.fixed(key.verifyingKey().x())));
    m.put("y", Base64Url.encode(EcdsaKeys.fixed(key.verifyingKey().y())));
    byte[] d = key.scalar();
    m.put("d", Base64Url.encode(d));
    Arrays.fill(d, (byte) 0);
    return json(m);
  }

  /** The private JWK of an HMAC-SHA-256 key: holds the secret. */
  public static String writePrivateKey(HmacSha256Key key) {
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "oct");
    byte[] k = key.secret();
    m.put("k", Base64Url.encode(k));
    Arrays.fill(k, (byte) 0);
    return json(m);
  }

  /** The private JWK of an Ed25519 key from its 32-byte seed and public key: holds key material. */
  public static String writeEd25519PrivateKey(byte[] seed, byte[] publicKey) {
    if (seed == null || seed.length != 32 || publicKey == null || publicKey.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "Ed25519 seeds and public keys are 32 bytes");
    }
    Map<String, String> m = new TreeMap<>();
    m.put("kty", "OKP");
    m.put("crv", "Ed25519");
    m.put("x", Base64Url.encode(publicKey));
    m.put("d", Base64Url.encode(seed));
    return json(m);
  }

  // ---- helpers ----

  private static String json(Map<String, String> members) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : members.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      // Names and values here are fixed ASCII words or base64url: nothing to escape.
      sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
    }
    return sb.append('}').toString();
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String member(Map<String, String> jwk, String name) {
    Objects.requireNonNull(jwk, "jwk");
    String v = jwk.get(name);
    if (v == null) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "JWK has no \"" + name + "\" member");
    }
    return v;
  }

  private static void requireKty(Map<String, String> jwk, String kty) {
    String actual = member(jwk, "kty");
    if (!actual.equals(kty)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "expected a JWK of kty \"" + kty + "\" but found \"" + actual + "\"");
    }
  }

  private static void requireCurve(Map<String, String> jwk, String crv) {
    String actual = member(jwk, "crv");
    if (!actual.equals(crv)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "unsupported JWK curve; expected " + crv);
    }
  }

  private static byte[] bytes(Map<String, String> jwk, String name) {
    return Base64Url.decode(member(jwk, name));
  }

  private static byte[] fixed(Map<String, String> jwk, String name, int length) {
    byte[] b = bytes(jwk, name);
    if (b.length != length) {
      throw new CryptoException(Reason.INVALID_LENGTH,
          "JWK member \"" + name + "\" must be " + length + " bytes");
    }
    return b;
  }

  /** A positive integer of at most 8192 bits plus slack, refused before arithmetic if larger. */
  private static BigInteger integer(Map<String, String> jwk, String name) {
    String text = member(jwk, name);
    if (text.length() > 1400) { // 1025 bytes of base64url is 1367 characters
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "JWK member \"" + name + "\" is too large");
    }
    byte[] b = Base64Url.decode(text);
    if (b.length == 0) {
      throw new CryptoException(Reason.MALFORMED_ENCODING, "JWK member \"" + name + "\" is empty");
    }
    return new BigInteger(1, b);
  }
}
