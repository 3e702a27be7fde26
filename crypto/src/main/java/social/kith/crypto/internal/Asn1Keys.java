package social.kith.crypto.internal;

import java.math.BigInteger;
import social.kith.crypto.internal.Asn1Der.Asn1Exception;
import social.kith.crypto.internal.Asn1Der.Reader;

/**
 * The DER grammars of SPKI (RFC 5280), PKCS#8 (RFC 5208/5958), PKCS#1 (RFC 8017) and SEC1
 * (RFC 5915) key structures, read into plain components and written back. Only structure is
 * checked here; key policy (sizes, exponents, curves) is the caller's.
 */
public final class Asn1Keys {
  private Asn1Keys() {}

  public static final String OID_RSA = "1.2.840.113549.1.1.1";
  public static final String OID_RSASSA_PSS = "1.2.840.113549.1.1.10";
  public static final String OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
  public static final String OID_P256 = "1.2.840.10045.3.1.7";
  public static final String OID_ED25519 = "1.3.101.112";

  /**
   * The largest INTEGER read for an RSA modulus or private component: 8192 bits plus a sign
   * byte. Anything larger is refused before a {@link BigInteger} is made.
   */
  public static final int MAX_RSA_INTEGER_BYTES = 1025;

  /** An AlgorithmIdentifier: the OID, and the parameters' OID when they are an OID. */
  public record AlgorithmId(String oid, int parametersTag, String parametersOid) {
    public boolean hasNoParameters() {
      return parametersTag == -1;
    }
  }

  /** A SubjectPublicKeyInfo. */
  public record Spki(AlgorithmId algorithm, byte[] publicKey) {}

  /** A PKCS#8 PrivateKeyInfo / OneAsymmetricKey. {@code publicKey} may be null. */
  public record Pkcs8(AlgorithmId algorithm, byte[] privateKey, byte[] publicKey) {
    @Override
    public String toString() {
      return "Pkcs8[" + algorithm.oid() + "]";
    }
  }

  /** RSA public components. */
  public record RsaPublic(BigInteger n, BigInteger e) {}

  /** RSA private components (two-prime, with CRT values). */
  public record RsaPrivate(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q,
      BigInteger dp, BigInteger dq, BigInteger qi) {
    @Override
    public String toString() {
      return "RsaPrivate[hidden]";
    }
  }

  /** A SEC1 ECPrivateKey: the scalar bytes, the curve OID (or null) and the point (or null). */
  public record Sec1(byte[] d, String curveOid, byte[] publicPoint) {
    @Override
    public String toString() {
      return "Sec1[hidden]";
    }
  }

  private static AlgorithmId algorithmId(Reader r) throws Asn1Exception {
    Reader alg = r.sequence("AlgorithmIdentifier");
    String oid = alg.oid("algorithm");
    int tag = alg.peekTag();
    String paramOid = null;
    if (tag == Asn1Der.OID) {
      paramOid = alg.oid("parameters");
    } else if (tag == Asn1Der.NULL) {
      alg.nullValue("parameters");
    } else if (tag != -1) {
      alg.read(tag, "parameters");
    }
    alg.expectEnd("AlgorithmIdentifier");
    return new AlgorithmId(oid, tag, paramOid);
  }

  public static Spki parseSpki(byte[] der) throws Asn1Exception {
    Reader outer = new Reader(der);
    Reader r = outer.sequence("SubjectPublicKeyInfo");
    outer.expectEnd("SubjectPublicKeyInfo");
    AlgorithmId alg = algorithmId(r);
    byte[] key = r.bitString("subjectPublicKey");
    r.expectEnd("SubjectPublicKeyInfo");
    return new Spki(alg, key);
  }

  public static Pkcs8 parsePkcs8(byte[] der) throws Asn1Exception {
    Reader outer = new Reader(der);
    Reader r = outer.sequence("PrivateKeyInfo");
    outer.expectEnd("PrivateKeyInfo");
    int version = r.smallInteger("version");
    if (version != 0 && version != 1) {
      throw new Asn1Exception("unknown PrivateKeyInfo version " + version);
    }
    AlgorithmId alg = algorithmId(r);
    byte[] priv = r.octetString("privateKey");
    if (r.peekTag() == 0xa0) {
      r.read(0xa0, "attributes");
    }
    byte[] pub = null;
    if (r.peekTag() == 0x81) {
      if (version != 1) {
        throw new Asn1Exception("publicKey in a version 0 PrivateKeyInfo");
      }
      byte[] bits = r.read(0x81, "publicKey").rest();
      if (bits.length == 0 || bits[0] != 0) {
        throw new Asn1Exception("publicKey must be a whole number of bytes");
      }
      pub = java.util.Arrays.copyOfRange(bits, 1, bits.length);
    }
    r.expectEnd("PrivateKeyInfo");
    return new Pkcs8(alg, priv, pub);
  }

  public static RsaPublic parseRsaPublic(byte[] der) throws Asn1Exception {
    Reader outer = new Reader(der);
    Reader r = outer.sequence("RSAPublicKey");
    outer.expectEnd("RSAPublicKey");
    BigInteger n = r.integer("modulus", MAX_RSA_INTEGER_BYTES);
    BigInteger e = r.integer("publicExponent", MAX_RSA_INTEGER_BYTES);
    r.expectEnd("RSAPublicKey");
    return new RsaPublic(n, e);
  }

  public static RsaPrivate parseRsaPrivate(byte[] der) throws Asn1Exception {
    Reader outer = new Reader(der);
    Reader r = outer.sequence("RSAPrivateKey");
    outer.expectEnd("RSAPrivateKey");
    int version = r.smallInteger("version");
    if (version != 0) {
      throw new Asn1TooLargeOrUnsupported("multi-prime RSA keys are not supported");
    }
    BigInteger n = r.integer("modulus", MAX_RSA_INTEGER_BYTES);
    BigInteger e = r.integer("publicExponent", MAX_RSA_INTEGER_BYTES);
    BigInteger d = r.integer("privateExponent", MAX_RSA_INTEGER_BYTES);
    BigInteger p = r.integer("prime1", MAX_RSA_INTEGER_BYTES);
    BigInteger q = r.integer("prime2", MAX_RSA_INTEGER_BYTES);
    BigInteger dp = r.integer("exponent1", MAX_RSA_INTEGER_BYTES);
    BigInteger dq = r.integer("exponent2", MAX_RSA_INTEGER_BYTES);
    BigInteger qi = r.integer("coefficient", MAX_RSA_INTEGER_BYTES);
    r.expectEnd("RSAPrivateKey");
    return new RsaPrivate(n, e, d, p, q, dp, dq, qi);
  }

  /** A structure that is well-formed but names something Kith does not support. */
  public static final class Asn1TooLargeOrUnsupported extends Asn1Der.Asn1TooLargeException {
    private static final long serialVersionUID = 1L;

    public Asn1TooLargeOrUnsupported(String message) {
      super(message);
    }
  }

  public static Sec1 parseSec1(byte[] der) throws Asn1Exception {
    Reader outer = new Reader(der);
    Reader r = outer.sequence("ECPrivateKey");
    outer.expectEnd("ECPrivateKey");
    int version = r.smallInteger("version");
    if (version != 1) {
      throw new Asn1Exception("ECPrivateKey version must be 1");
    }
    byte[] d = r.octetString("privateKey");
    String curve = null;
    if (r.peekTag() == Asn1Der.context(0)) {
      Reader params = r.read(Asn1Der.context(0), "parameters");
      if (params.peekTag() != Asn1Der.OID) {
        throw new Asn1TooLargeOrUnsupported("explicit EC curve parameters are not supported");
      }
      curve = params.oid("namedCurve");
      params.expectEnd("parameters");
    }
    byte[] point = null;
    if (r.peekTag() == Asn1Der.context(1)) {
      Reader pub = r.read(Asn1Der.context(1), "publicKey");
      point = pub.bitString("publicKey");
      pub.expectEnd("publicKey");
    }
    r.expectEnd("ECPrivateKey");
    return new Sec1(d, curve, point);
  }

  /** The 32-byte seed inside an Ed25519 PKCS#8 privateKey (an OCTET STRING in the OCTET STRING). */
  public static byte[] parseCurvePrivateKey(byte[] privateKeyField) throws Asn1Exception {
    Reader outer = new Reader(privateKeyField);
    byte[] seed = outer.octetString("CurvePrivateKey");
    outer.expectEnd("CurvePrivateKey");
    return seed;
  }

  // ---- writing ----

  public static byte[] writeSpki(String algorithmOid, byte[] parameters, byte[] publicKey) {
    byte[] alg = parameters == null
        ? Asn1Der.sequence(Asn1Der.oid(algorithmOid))
        : Asn1Der.sequence(Asn1Der.oid(algorithmOid), parameters);
    return Asn1Der.sequence(alg, Asn1Der.bitString(publicKey));
  }

  public static byte[] writePkcs8(String algorithmOid, byte[] parameters, byte[] privateKey) {
    byte[] alg = parameters == null
        ? Asn1Der.sequence(Asn1Der.oid(algorithmOid))
        : Asn1Der.sequence(Asn1Der.oid(algorithmOid), parameters);
    return Asn1Der.sequence(Asn1Der.integer(0), alg, Asn1Der.octetString(privateKey));
  }

  public static byte[] writeRsaPublic(BigInteger n, BigInteger e) {
    return Asn1Der.sequence(Asn1Der.integer(n), Asn1Der.integer(e));
  }

  public static byte[] writeRsaPrivate(RsaPrivate k) {
    return Asn1Der.sequence(Asn1Der.integer(0), Asn1Der.integer(k.n()), Asn1Der.integer(k.e()),
        Asn1Der.integer(k.d()), Asn1Der.integer(k.p()), Asn1Der.integer(k.q()),
        Asn1Der.integer(k.dp()), Asn1Der.integer(k.dq()), Asn1Der.integer(k.qi()));
  }

  /** SEC1 ECPrivateKey; {@code withCurve} includes the [0] named curve (omitted inside PKCS#8). */
  public static byte[] writeSec1(byte[] d, byte[] publicPoint, boolean withCurve) {
    byte[] pub = Asn1Der.element(Asn1Der.context(1), Asn1Der.bitString(publicPoint));
    if (withCurve) {
      return Asn1Der.sequence(Asn1Der.integer(1), Asn1Der.octetString(d),
          Asn1Der.element(Asn1Der.context(0), Asn1Der.oid(OID_P256)), pub);
    }
    return Asn1Der.sequence(Asn1Der.integer(1), Asn1Der.octetString(d), pub);
  }
}
