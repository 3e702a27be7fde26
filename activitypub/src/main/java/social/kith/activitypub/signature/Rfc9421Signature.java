package social.kith.activitypub.signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import social.kith.activitypub.signature.internal.Sf;

/**
 * One RFC 9421 signature: a label's entry in {@code Signature-Input} (the covered components and
 * the parameters) with its value in {@code Signature}.
 *
 * <p>{@link #parseAll} reads every label. Limits: each header at most {@link #MAX_HEADER_LENGTH}
 * characters, at most {@link #MAX_SIGNATURES} labels and {@link #MAX_COMPONENTS} components per
 * label. Refused: headers that are not RFC 8941 dictionaries, a label present in only one of the
 * two headers ({@link SignatureError#SIGNATURE_LABEL_MISMATCH}), a component listed twice,
 * {@code created}/{@code expires} that are not non-negative integers, {@code keyid}, {@code alg},
 * {@code nonce} or {@code tag} that are not strings, a missing {@code keyid} (Kith needs it to find
 * the key), and an {@code alg} outside the registry ({@link SignatureError#UNSUPPORTED_ALGORITHM}).
 */
public final class Rfc9421Signature implements ParsedSignature {
  /** The longest {@code Signature-Input} or {@code Signature} header read, in characters. */
  public static final int MAX_HEADER_LENGTH = 16 * 1024;
  /** The most labels read from one message. */
  public static final int MAX_SIGNATURES = 8;
  /** The most covered components per label. */
  public static final int MAX_COMPONENTS = 32;

  private final String label;
  private final List<ComponentId> components;
  private final Map<String, Object> params;
  private final byte[] signature;

  Rfc9421Signature(String label, List<ComponentId> components, Map<String, Object> params,
      byte[] signature) {
    this.label = label;
    this.components = List.copyOf(components);
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.signature = signature;
  }

  /**
   * Every signature in {@code headers}, in {@code Signature-Input} order.
   *
   * @throws SignatureException {@link SignatureError#MISSING_SIGNATURE} if either header is absent,
   *     or one of the reasons above
   */
  public static List<Rfc9421Signature> parseAll(Headers headers) {
    String input = headers.combined("signature-input").orElseThrow(() -> new SignatureException(
        SignatureError.MISSING_SIGNATURE, "no Signature-Input header"));
    String sigs = headers.combined("signature").orElseThrow(() -> new SignatureException(
        SignatureError.MISSING_SIGNATURE, "Signature-Input without Signature"));
    if (input.length() > MAX_HEADER_LENGTH || sigs.length() > MAX_HEADER_LENGTH) {
      throw new SignatureException(SignatureError.SIGNATURE_HEADER_TOO_LARGE,
          "Signature-Input or Signature longer than " + MAX_HEADER_LENGTH + " characters");
    }
    Map<String, Sf.Member> inputs = dictionary(input, "Signature-Input");
    Map<String, Sf.Member> values = dictionary(sigs, "Signature");
    if (inputs.isEmpty()) {
      throw malformed("Signature-Input is empty");
    }
    if (!inputs.keySet().equals(values.keySet())) {
      throw new SignatureException(SignatureError.SIGNATURE_LABEL_MISMATCH,
          "the labels of Signature-Input and Signature differ");
    }
    if (inputs.size() > MAX_SIGNATURES) {
      throw malformed("more than " + MAX_SIGNATURES + " signatures");
    }
    List<Rfc9421Signature> out = new ArrayList<>();
    for (Map.Entry<String, Sf.Member> e : inputs.entrySet()) {
      out.add(of(e.getKey(), e.getValue(), values.get(e.getKey())));
    }
    return out;
  }

  private static Map<String, Sf.Member> dictionary(String text, String header) {
    try {
      return Sf.parseDictionary(text);
    } catch (Sf.ParseException e) {
      throw malformed(header + " is not a structured dictionary: " + e.getMessage());
    }
  }

  private static Rfc9421Signature of(String label, Sf.Member input, Sf.Member value) {
    if (!(input instanceof Sf.InnerList)) {
      throw malformed("Signature-Input '" + label + "' is not an inner list");
    }
    if (!(value instanceof Sf.Item) || !(((Sf.Item) value).value() instanceof byte[])) {
      throw malformed("Signature '" + label + "' is not a byte sequence");
    }
    Sf.InnerList list = (Sf.InnerList) input;
    if (list.items().size() > MAX_COMPONENTS) {
      throw malformed("more than " + MAX_COMPONENTS + " covered components");
    }
    List<ComponentId> components = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Sf.Item item : list.items()) {
      if (!(item.value() instanceof String)) {
        throw malformed("a component identifier is not a string");
      }
      ComponentId c = new ComponentId((String) item.value(), item.params());
      if (!seen.add(c.serialize())) {
        throw malformed("component " + c + " is covered twice");
      }
      components.add(c);
    }
    Map<String, Object> params = list.params();
    for (Map.Entry<String, Object> p : params.entrySet()) {
      Object v = p.getValue();
      switch (p.getKey()) {
        case "created":
        case "expires":
          if (!(v instanceof Long) || (Long) v < 0) {
            throw malformed(p.getKey() + " must be a non-negative integer");
          }
          break;
        case "keyid":
        case "alg":
        case "nonce":
        case "tag":
          if (!(v instanceof String)) {
            throw malformed(p.getKey() + " must be a string");
          }
          break;
        default:
          break;
      }
    }
    if (!(params.get("keyid") instanceof String) || ((String) params.get("keyid")).isEmpty()) {
      throw malformed("keyid is missing");
    }
    if (params.containsKey("alg")
        && SignatureAlgorithm.fromRfc9421Name((String) params.get("alg")).isEmpty()) {
      throw new SignatureException(SignatureError.UNSUPPORTED_ALGORITHM,
          "alg '" + Cavage12.printable((String) params.get("alg")) + "' is not supported");
    }
    if (params.get("created") instanceof Long && params.get("expires") instanceof Long
        && (Long) params.get("expires") < (Long) params.get("created")) {
      throw malformed("expires is before created");
    }
    return new Rfc9421Signature(label, components, params,
        (byte[]) ((Sf.Item) value).value());
  }

  static SignatureException malformed(String message) {
    return new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER, message);
  }

  /** The label, e.g. {@code sig1}. */
  public String label() {
    return label;
  }

  /** The covered components, in order. */
  public List<ComponentId> components() {
    return components;
  }

  /** The signature parameters, in order. */
  public Map<String, Object> params() {
    return params;
  }

  /** The {@code @signature-params} value: the serialised inner list with its parameters. */
  public String signatureParamsValue() {
    return Rfc9421.serializeSignatureParams(components, params);
  }

  @Override
  public SignatureGeneration generation() {
    return SignatureGeneration.RFC_9421;
  }

  @Override
  public String keyId() {
    return (String) params.get("keyid");
  }

  @Override
  public Optional<String> algorithmName() {
    return Optional.ofNullable((String) params.get("alg"));
  }

  /** The {@code nonce} parameter. */
  public Optional<String> nonce() {
    return Optional.ofNullable((String) params.get("nonce"));
  }

  /** The {@code tag} parameter. */
  public Optional<String> tag() {
    return Optional.ofNullable((String) params.get("tag"));
  }

  @Override
  public List<String> coveredComponents() {
    List<String> out = new ArrayList<>();
    for (ComponentId c : components) {
      out.add(c.serialize());
    }
    return out;
  }

  @Override
  public boolean covers(String name) {
    for (ComponentId c : components) {
      if (c.name().equals(name) && !c.narrowed()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Instant> created() {
    Object v = params.get("created");
    return v instanceof Long ? Optional.of(Instant.ofEpochSecond((Long) v)) : Optional.empty();
  }

  @Override
  public Optional<Instant> expires() {
    Object v = params.get("expires");
    return v instanceof Long ? Optional.of(Instant.ofEpochSecond((Long) v)) : Optional.empty();
  }

  @Override
  public byte[] signatureBytes() {
    return signature.clone();
  }

  byte[] signatureUnsafe() {
    return signature;
  }

  @Override
  public String toString() {
    return "Rfc9421Signature[" + label + "=" + signatureParamsValue() + "]";
  }
}
