package social.kith.crypto;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Objects;
import social.kith.crypto.CryptoException.Reason;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.internal.Asn1Der;
import social.kith.crypto.internal.Asn1Keys;

/**
 * Reads and writes keys in PEM: SPKI ({@code PUBLIC KEY}), PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PUBLIC KEY}, {@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Supported
 * keys: RSA (policy of {@link RsaKeys}), ECDSA P-256 and Ed25519 (as raw 32-byte key bytes, since
 * Ed25519 key objects live elsewhere).
 *
 * <pre>{@code
 * RsaPublicKey key = Pem.rsaPublicKey(actor.publicKeyPem());
 * switch (Pem.keyAlgorithm(pem)) { case RSA: ...; case ED25519: ... }
 * }</pre>
 *
 * <p>Parsing is strict and bounded. Text over {@link #MAX_LENGTH} characters, text before the
 * {@code BEGIN} line or after the {@code END} line, a second block (two keys in one {@code
 * publicKeyPem}), a missing or mismatched {@code END} line, base64 that is not canonical, and DER
 * that is truncated or has trailing bytes give {@link Reason#MALFORMED_PEM}. A well-formed key of
 * the wrong kind (an EC key where RSA is expected, an encrypted key, another curve) or one that
 * fails key policy (RSA size or exponent) gives {@link Reason#UNSUPPORTED_KEY}. An RSA modulus
 * over 8192 bits is refused while reading its length, before any arithmetic. Line breaks may be
 * LF or CRLF; base64 lines may be of any length.
 */
public final class Pem {
  private Pem() {}

  /** The longest PEM text accepted, in characters (an 8192-bit RSA private key is ~6,400). */
  public static final int MAX_LENGTH = 32 * 1024;

  public static final String PUBLIC_KEY = "PUBLIC KEY";
  public static final String PRIVATE_KEY = "PRIVATE KEY";
  public static final String RSA_PUBLIC_KEY = "RSA PUBLIC KEY";
  public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
  public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";

  /**
   * One PEM block: its label and DER content. {@code toString} shows only the label and length,
   * since the content may be a private key.
   */
  public static final class Block {
    private final String label;
    private final byte[] der;

    /** A block with {@code label} (such as {@code "PUBLIC KEY"}) and a copy of {@code der}. */
    public Block(String label, byte[] der) {
      this.label = Objects.requireNonNull(label, "label");
      this.der = Objects.requireNonNull(der, "der").clone();
    }

    /** The label between {@code BEGIN} and the dashes. */
    public String label() {
      return label;
    }

    /** A copy of the DER content. */
    public byte[] der() {
      return der.clone();
    }

    @Override
    public String toString() {
      return "Pem.Block[" + label + ", " + der.length + " bytes]";
    }
  }

  // ---- text ----

  /**
   * Reads exactly one PEM block.
   *
   * @throws CryptoException with {@link Reason#MALFORMED_PEM} for anything but one well-formed
   *     block (surrounding whitespace allowed), or {@link Reason#UNSUPPORTED_KEY} for encrypted PEM
   */
  public static Block decode(String text) {
    if (text == null) {
      throw malformed("PEM text is null");
    }
    if (text.length() > MAX_LENGTH) {
      throw malformed("PEM text of " + text.length() + " characters is over the limit of " + MAX_LENGTH);
    }
    String[] lines = text.strip().split("\r?\n", -1);
    String label = boundary(lines[0], "-----BEGIN ");
    if (label == null) {
      if (text.contains("-----BEGIN ")) {
        throw malformed("text before the BEGIN line");
      }
      throw malformed("no PEM BEGIN line");
    }
    StringBuilder body = new StringBuilder(text.length());
    int i = 1;
    for (; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("-----")) {
        break;
      }
      if (line.indexOf(':') >= 0) {
        throw new CryptoException(Reason.UNSUPPORTED_KEY,
            "PEM headers (such as an encrypted key's Proc-Type) are not supported");
      }
      body.append(line);
    }
    if (i == lines.length) {
      throw malformed("truncated PEM: no END line");
    }
    String end = boundary(lines[i].strip(), "-----END ");
    if (end == null) {
      if (boundary(lines[i].strip(), "-----BEGIN ") != null) {
        throw malformed("a second BEGIN line before END");
      }
      throw malformed("malformed PEM END line");
    }
    if (!end.equals(label)) {
      throw malformed("END label does not match BEGIN label");
    }
    for (int j = i + 1; j < lines.length; j++) {
      if (!lines[j].isBlank()) {
        if (lines[j].contains("-----BEGIN ")) {
          throw malformed("more than one PEM block (only one key is allowed)");
        }
        throw malformed("trailing text after the END line");
      }
    }
    if (body.length() == 0) {
      throw malformed("empty PEM body");
    }
    byte[] der;
    try {
      der = CanonicalBase64.decode(body);
    } catch (CryptoException e) {
      throw new CryptoException(Reason.MALFORMED_PEM, "PEM body is not canonical base64", e);
    }
    return new Block(label, der);
  }

  /** The label of {@code line} if it is {@code prefix + LABEL + "-----"}, else null. */
  private static String boundary(String line, String prefix) {
    if (!line.startsWith(prefix) || !line.endsWith("-----")
        || line.length() < prefix.length() + 6) {
      return null;
    }
    String label = line.substring(prefix.length(), line.length() - 5);
    if (label.length() > 64) {
      return null;
    }
    for (int k = 0; k < label.length(); k++) {
      char c = label.charAt(k);
      if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != ' ') {
        return null;
      }
    }
    return label;
  }

  /** PEM text for {@code der} under {@code label}, base64 in 64-character lines, LF endings. */
  public static String encode(String label, byte[] der) {
    if (boundary("-----BEGIN " + label + "-----", "-----BEGIN ") == null) {
      throw new CryptoException(Reason.INVALID_ARGUMENT, "PEM labels are upper-case letters, digits and spaces");
    }
    String b64 = CanonicalBase64.encode(der);
    StringBuilder out = new StringBuilder(b64.length() + b64.length() / 64 + 64);
    out.append("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    out.append("-----END ").append(label).append("-----\n");
    return out.toString();
  }

  // ---- reading keys ----

  /**
   * The algorithm of the single key in {@code pem}: {@link KeyAlgorithm#RSA}, {@link
   * KeyAlgorithm#ECDSA_P256} or {@link KeyAlgorithm#ED25519}. Checks structure only, not key
   * policy; use the typed readers for that.
   */
  public static KeyAlgorithm keyAlgorithm(String pem) {
    Block b = decode(pem);
    switch (b.label) {
      case RSA_PUBLIC_KEY:
      case RSA_PRIVATE_KEY:
        return KeyAlgorithm.RSA;
      case EC_PRIVATE_KEY:
        return KeyAlgorithm.ECDSA_P256;
      case PUBLIC_KEY:
        return algorithmOf(der(() -> Asn1Keys.parseSpki(b.der)).algorithm());
      case PRIVATE_KEY:
        return algorithmOf(der(() -> Asn1Keys.parsePkcs8(b.der)).algorithm());
      default:
        throw wrongLabel(b.label, "a key");
    }
  }

  private static KeyAlgorithm algorithmOf(Asn1Keys.AlgorithmId alg) {
    switch (alg.oid()) {
      case Asn1Keys.OID_RSA:
      case Asn1Keys.OID_RSASSA_PSS:
        return KeyAlgorithm.RSA;
      case Asn1Keys.OID_ED25519:
        return KeyAlgorithm.ED25519;
      case Asn1Keys.OID_EC_PUBLIC_KEY:
        if (Asn1Keys.OID_P256.equals(alg.parametersOid())) {
          return KeyAlgorithm.ECDSA_P256;
        }
        throw new CryptoException(Reason.UNSUPPORTED_KEY, "EC keys are supported on P-256 only");
      default:
        throw new CryptoException(Reason.UNSUPPORTED_KEY, "unsupported key algorithm " + alg.oid());
    }
  }

  /** An RSA public key from SPKI or PKCS#1 PEM, under {@link RsaKeys#strict()}. */
  public static RsaPublicKey rsaPublicKey(String pem) {
    return rsaPublicKey(decode(pem), RsaKeys.strict());
  }

  /** An RSA public key from SPKI or PKCS#1 PEM, under {@code policy}. */
  public static RsaPublicKey rsaPublicKey(String pem, RsaKeys policy) {
    return rsaPublicKey(decode(pem), policy);
  }

  /** An RSA public key from a {@code PUBLIC KEY} or {@code RSA PUBLIC KEY} block. */
  public static RsaPublicKey rsaPublicKey(Block block, RsaKeys policy) {
    byte[] pkcs1;
    if (block.label.equals(RSA_PUBLIC_KEY)) {
      pkcs1 = block.der;
    } else if (block.label.equals(PUBLIC_KEY)) {
      Asn1Keys.Spki spki = der(() -> Asn1Keys.parseSpki(block.der));
      requireRsa(spki.algorithm());
      pkcs1 = spki.publicKey();
    } else {
      throw wrongLabel(block.label, "an RSA public key");
    }
    Asn1Keys.RsaPublic k = der(() -> Asn1Keys.parseRsaPublic(pkcs1));
    return policy.publicKey(k.n(), k.e());
  }

  /** An RSA private key from PKCS#8 or PKCS#1 PEM, under {@link RsaKeys#strict()}. */
  public static RsaPrivateKey rsaPrivateKey(String pem) {
    return rsaPrivateKey(decode(pem), RsaKeys.strict());
  }

  /** An RSA private key from PKCS#8 or PKCS#1 PEM, under {@code policy}. */
  public static RsaPrivateKey rsaPrivateKey(String pem, RsaKeys policy) {
    return rsaPrivateKey(decode(pem), policy);
  }

  /** An RSA private key from a {@code PRIVATE KEY} or {@code RSA PRIVATE KEY} block. */
  public static RsaPrivateKey rsaPrivateKey(Block block, RsaKeys policy) {
    byte[] pkcs1;
    if (block.label.equals(RSA_PRIVATE_KEY)) {
      pkcs1 = block.der;
    } else if (block.label.equals(PRIVATE_KEY)) {
      Asn1Keys.Pkcs8 p8 = der(() -> Asn1Keys.parsePkcs8(block.der));
      requireRsa(p8.algorithm());
      pkcs1 = p8.privateKey();
    } else {
      throw wrongLabel(block.label, "an RSA private key");
    }
    Asn1Keys.RsaPrivate k = der(() -> Asn1Keys.parseRsaPrivate(pkcs1));
    return policy.privateKey(k.n(), k.e(), k.d(), k.p(), k.q(), k.dp(), k.dq(), k.qi());
  }

  private static void requireRsa(Asn1Keys.AlgorithmId alg) {
    if (alg.oid().equals(Asn1Keys.OID_RSA)) {
      if (alg.parametersTag() != Asn1Der.NULL && !alg.hasNoParameters()) {
        throw malformed("rsaEncryption parameters must be NULL");
      }
      return;
    }
    if (alg.oid().equals(Asn1Keys.OID_RSASSA_PSS)) {
      return; // id-RSASSA-PSS keys are RSA keys; the caller chooses the scheme
    }
    throw new CryptoException(Reason.UNSUPPORTED_KEY,
        "expected an RSA key but found " + describe(alg));
  }

  /** An ECDSA P-256 public key from SPKI PEM. */
  public static EcdsaPublicKey ecdsaPublicKey(String pem) {
    return ecdsaPublicKey(decode(pem));
  }

  /** An ECDSA P-256 public key from a {@code PUBLIC KEY} block. */
  public static EcdsaPublicKey ecdsaPublicKey(Block block) {
    if (!block.label.equals(PUBLIC_KEY)) {
      throw wrongLabel(block.label, "an EC public key");
    }
    Asn1Keys.Spki spki = der(() -> Asn1Keys.parseSpki(block.der));
    requireP256(spki.algorithm());
    return EcdsaKeys.publicKey(spki.publicKey());
  }

  /** An ECDSA P-256 private key from PKCS#8 or SEC1 ({@code EC PRIVATE KEY}) PEM. */
  public static EcdsaPrivateKey ecdsaPrivateKey(String pem) {
    return ecdsaPrivateKey(decode(pem));
  }

  /** An ECDSA P-256 private key from a {@code PRIVATE KEY} or {@code EC PRIVATE KEY} block. */
  public static EcdsaPrivateKey ecdsaPrivateKey(Block block) {
    Asn1Keys.Sec1 sec1;
    byte[] outerPublic = null;
    if (block.label.equals(EC_PRIVATE_KEY)) {
      sec1 = der(() -> Asn1Keys.parseSec1(block.der));
      if (sec1.curveOid() == null) {
        throw new CryptoException(Reason.UNSUPPORTED_KEY, "EC PRIVATE KEY does not name its curve");
      }
    } else if (block.label.equals(PRIVATE_KEY)) {
      Asn1Keys.Pkcs8 p8 = der(() -> Asn1Keys.parsePkcs8(block.der));
      requireP256(p8.algorithm());
      sec1 = der(() -> Asn1Keys.parseSec1(p8.privateKey()));
      outerPublic = p8.publicKey();
    } else {
      throw wrongLabel(block.label, "an EC private key");
    }
    if (sec1.curveOid() != null && !sec1.curveOid().equals(Asn1Keys.OID_P256)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "EC keys are supported on P-256 only");
    }
    if (sec1.d().length == 0 || sec1.d().length > 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "P-256 private scalar must be 32 bytes");
    }
    BigInteger d = new BigInteger(1, sec1.d());
    byte[] point = sec1.publicPoint() != null ? sec1.publicPoint() : outerPublic;
    return point != null
        ? EcdsaKeys.privateKey(d, EcdsaKeys.publicKey(point))
        : EcdsaKeys.privateKey(d);
  }

  private static void requireP256(Asn1Keys.AlgorithmId alg) {
    if (!alg.oid().equals(Asn1Keys.OID_EC_PUBLIC_KEY)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "expected an EC P-256 key but found " + describe(alg));
    }
    if (!Asn1Keys.OID_P256.equals(alg.parametersOid())) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, "EC keys are supported on P-256 only");
    }
  }

  /** The raw 32-byte Ed25519 public key in SPKI PEM. */
  public static byte[] ed25519PublicKey(String pem) {
    return ed25519PublicKey(decode(pem));
  }

  /** The raw 32-byte Ed25519 public key in a {@code PUBLIC KEY} block. */
  public static byte[] ed25519PublicKey(Block block) {
    if (!block.label.equals(PUBLIC_KEY)) {
      throw wrongLabel(block.label, "an Ed25519 public key");
    }
    Asn1Keys.Spki spki = der(() -> Asn1Keys.parseSpki(block.der));
    requireEd25519(spki.algorithm());
    if (spki.publicKey().length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 public key is 32 bytes");
    }
    return spki.publicKey();
  }

  /** The raw 32-byte Ed25519 private key (the RFC 8032 seed) in PKCS#8 PEM. */
  public static byte[] ed25519PrivateKeySeed(String pem) {
    return ed25519PrivateKeySeed(decode(pem));
  }

  /** The raw 32-byte Ed25519 seed in a {@code PRIVATE KEY} block. */
  public static byte[] ed25519PrivateKeySeed(Block block) {
    if (!block.label.equals(PRIVATE_KEY)) {
      throw wrongLabel(block.label, "an Ed25519 private key");
    }
    Asn1Keys.Pkcs8 p8 = der(() -> Asn1Keys.parsePkcs8(block.der));
    requireEd25519(p8.algorithm());
    byte[] seed = der(() -> Asn1Keys.parseCurvePrivateKey(p8.privateKey()));
    if (seed.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 private key is 32 bytes");
    }
    return seed;
  }

  private static void requireEd25519(Asn1Keys.AlgorithmId alg) {
    if (!alg.oid().equals(Asn1Keys.OID_ED25519)) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "expected an Ed25519 key but found " + describe(alg));
    }
    if (!alg.hasNoParameters()) {
      throw malformed("Ed25519 AlgorithmIdentifier must have no parameters");
    }
  }

  // ---- writing keys ----

  /** SPKI ({@code PUBLIC KEY}) PEM of an RSA key. */
  public static String writeSpki(RsaPublicKey key) {
    return encode(PUBLIC_KEY, Asn1Keys.writeSpki(Asn1Keys.OID_RSA, Asn1Der.nullValue(),
        Asn1Keys.writeRsaPublic(key.modulus(), key.publicExponent())));
  }

  /** SPKI ({@code PUBLIC KEY}) PEM of a P-256 key. */
  public static String writeSpki(EcdsaPublicKey key) {
    return encode(PUBLIC_KEY, Asn1Keys.writeSpki(Asn1Keys.OID_EC_PUBLIC_KEY,
        Asn1Der.oid(Asn1Keys.OID_P256), key.uncompressedPoint()));
  }

  /** SPKI ({@code PUBLIC KEY}) PEM of a raw 32-byte Ed25519 public key. */
  public static String writeEd25519Spki(byte[] publicKey) {
    if (publicKey == null || publicKey.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 public key is 32 bytes");
    }
    return encode(PUBLIC_KEY, Asn1Keys.writeSpki(Asn1Keys.OID_ED25519, null, publicKey));
  }

  /** PKCS#1 ({@code RSA PUBLIC KEY}) PEM. */
  public static String writePkcs1(RsaPublicKey key) {
    return encode(RSA_PUBLIC_KEY, Asn1Keys.writeRsaPublic(key.modulus(), key.publicExponent()));
  }

  /** PKCS#8 ({@code PRIVATE KEY}) PEM of an RSA key (which must have CRT components). */
  public static String writePkcs8(RsaPrivateKey key) {
    return encode(PRIVATE_KEY, Asn1Keys.writePkcs8(Asn1Keys.OID_RSA, Asn1Der.nullValue(),
        Asn1Keys.writeRsaPrivate(components(key))));
  }

  /** PKCS#1 ({@code RSA PRIVATE KEY}) PEM (the key must have CRT components). */
  public static String writePkcs1(RsaPrivateKey key) {
    return encode(RSA_PRIVATE_KEY, Asn1Keys.writeRsaPrivate(components(key)));
  }

  private static Asn1Keys.RsaPrivate components(RsaPrivateKey key) {
    RSAPrivateCrtKey k = key.crtKey();
    if (k == null) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY,
          "an RSA key without CRT components cannot be written as PKCS#1 or PKCS#8");
    }
    return new Asn1Keys.RsaPrivate(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
        k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(),
        k.getCrtCoefficient());
  }

  /** PKCS#8 ({@code PRIVATE KEY}) PEM of a P-256 key, with its public point. */
  public static String writePkcs8(EcdsaPrivateKey key) {
    byte[] d = key.scalar();
    try {
      return encode(PRIVATE_KEY, Asn1Keys.writePkcs8(Asn1Keys.OID_EC_PUBLIC_KEY,
          Asn1Der.oid(Asn1Keys.OID_P256),
          Asn1Keys.writeSec1(d, key.verifyingKey().uncompressedPoint(), false)));
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  /** SEC1 ({@code EC PRIVATE KEY}) PEM of a P-256 key, with its curve and public point. */
  public static String writeSec1(EcdsaPrivateKey key) {
    byte[] d = key.scalar();
    try {
      return encode(EC_PRIVATE_KEY,
          Asn1Keys.writeSec1(d, key.verifyingKey().uncompressedPoint(), true));
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  /** PKCS#8 ({@code PRIVATE KEY}) PEM of a raw 32-byte Ed25519 seed (RFC 8410). */
  public static String writeEd25519Pkcs8(byte[] seed) {
    if (seed == null || seed.length != 32) {
      throw new CryptoException(Reason.INVALID_LENGTH, "an Ed25519 private key is 32 bytes");
    }
    return encode(PRIVATE_KEY,
        Asn1Keys.writePkcs8(Asn1Keys.OID_ED25519, null, Asn1Der.octetString(seed)));
  }

  // ---- helpers ----

  private interface DerRead<T> {
    T read() throws Asn1Der.Asn1Exception;
  }

  private static <T> T der(DerRead<T> read) {
    try {
      return read.read();
    } catch (Asn1Der.Asn1TooLargeException e) {
      throw new CryptoException(Reason.UNSUPPORTED_KEY, e.getMessage());
    } catch (Asn1Der.Asn1Exception e) {
      throw malformed("malformed DER: " + e.getMessage());
    }
  }

  private static String describe(Asn1Keys.AlgorithmId alg) {
    switch (alg.oid()) {
      case Asn1Keys.OID_RSA:
      case Asn1Keys.OID_RSASSA_PSS:
        return "an RSA key";
      case Asn1Keys.OID_EC_PUBLIC_KEY:
        return "an EC key";
      case Asn1Keys.OID_ED25519:
        return "an Ed25519 key";
      default:
        return "algorithm " + alg.oid();
    }
  }

  private static CryptoException wrongLabel(String label, String expected) {
    return new CryptoException(Reason.UNSUPPORTED_KEY,
        "PEM block '" + label + "' is not " + expected);
  }

  private static CryptoException malformed(String message) {
    return new CryptoException(Reason.MALFORMED_PEM, message);
  }
}
