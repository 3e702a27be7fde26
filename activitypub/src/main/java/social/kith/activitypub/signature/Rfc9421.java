package social.kith.activitypub.signature;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import social.kith.activitypub.signature.internal.Sf;

/**
 * The mathematics of RFC 9421 HTTP Message Signatures: component values, the signature base,
 * signing and verifying one signature. Policy (coverage, time, digests) is elsewhere.
 *
 * <p>The algorithm comes from the {@link VerificationKey}; an {@code alg} parameter is only
 * compared with it, and a different one is {@link SignatureError#ALGORITHM_KEY_MISMATCH}.
 * ECDSA signatures must be the raw 64-byte {@code r || s} form the RFC specifies.
 *
 * <p>Component values: header fields are trimmed and joined with {@code ", "}; {@code ;bs} wraps
 * each field line as a byte sequence; {@code ;sf} re-serialises known structured fields
 * ({@link #STRUCTURED_DICTIONARIES}, {@link #STRUCTURED_LISTS}); {@code ;key} re-serialises one
 * dictionary member; {@code ;req} on a response takes the component from the request it answers.
 * {@code @query-param} decodes the query as {@code application/x-www-form-urlencoded} and
 * re-encodes the value (only ALPHA, DIGIT and {@code *-._} stay literal); a parameter that appears
 * more than once cannot be covered (section 2.2.8).
 */
public final class Rfc9421 {
  private Rfc9421() {}

  /** Header fields whose {@code ;sf} form is an RFC 8941 dictionary. */
  public static final Set<String> STRUCTURED_DICTIONARIES = Set.of("signature", "signature-input",
      "content-digest", "repr-digest", "want-content-digest", "want-repr-digest",
      "accept-signature", "priority", "example-dict");
  /** Header fields whose {@code ;sf} form is an RFC 8941 list. */
  public static final Set<String> STRUCTURED_LISTS = Set.of("cache-status", "proxy-status",
      "accept-ch");

  /** The signature base of {@code signature} over {@code message}. */
  public static String signatureBase(HttpMessage message, Rfc9421Signature signature) {
    return signatureBase(message, signature.components(), signature.params());
  }

  /**
   * The signature base: one line per component, then {@code "@signature-params"}.
   *
   * @throws SignatureException {@link SignatureError#COVERED_HEADER_MISSING} or
   *     {@link SignatureError#UNSUPPORTED_COMPONENT} if a component cannot be computed
   */
  public static String signatureBase(HttpMessage message, List<ComponentId> components,
      Map<String, Object> params) {
    StringBuilder sb = new StringBuilder();
    for (ComponentId c : components) {
      sb.append(c.serialize()).append(": ").append(componentValue(message, c)).append('\n');
    }
    sb.append("\"@signature-params\": ").append(serializeSignatureParams(components, params));
    return sb.toString();
  }

  /** The {@code @signature-params} value. */
  public static String serializeSignatureParams(List<ComponentId> components,
      Map<String, Object> params) {
    List<Sf.Item> items = new ArrayList<>();
    for (ComponentId c : components) {
      items.add(new Sf.Item(c.name(), c.params()));
    }
    return Sf.serializeMember(new Sf.InnerList(items, params));
  }

  /** The value of one component in {@code message}. */
  public static String componentValue(HttpMessage message, ComponentId c) {
    HttpMessage source = message;
    if (c.params().containsKey("req")) {
      if (!(message instanceof HttpMessage.Response)
          || ((HttpMessage.Response) message).request().isEmpty()) {
        throw missing(c, ";req needs a response with its request");
      }
      source = ((HttpMessage.Response) message).request().get();
    }
    if (c.derived()) {
      return derived(source, c);
    }
    return field(source.headers(), c);
  }

  private static String derived(HttpMessage message, ComponentId c) {
    if (c.name().equals("@status")) {
      if (!(message instanceof HttpMessage.Response)) {
        throw missing(c, "@status is only for responses");
      }
      return String.format(Locale.ROOT, "%03d", ((HttpMessage.Response) message).status());
    }
    if (!(message instanceof HttpMessage.Request)) {
      throw missing(c, c.name() + " is only for requests (use ;req on a response)");
    }
    HttpMessage.Request r = (HttpMessage.Request) message;
    switch (c.name()) {
      case "@method":
        return r.method();
      case "@target-uri":
        return r.target().toString();
      case "@authority":
        return r.authority();
      case "@scheme":
        return r.target().getScheme().toLowerCase(Locale.ROOT);
      case "@request-target":
        return r.requestTarget();
      case "@path":
        return r.path();
      case "@query":
        return "?" + r.query().orElse("");
      default: // @query-param
        return queryParam(r, (String) c.params().get("name"), c);
    }
  }

  private static String queryParam(HttpMessage.Request r, String encodedName, ComponentId c) {
    String query = r.query().orElse("");
    String found = null;
    int count = 0;
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
      if (formEncode(name).equals(encodedName)) {
        count++;
        found = formEncode(value);
      }
    }
    if (count == 0) {
      throw missing(c, "query parameter is absent");
    }
    if (count > 1) {
      throw new SignatureException(SignatureError.UNSUPPORTED_COMPONENT,
          "query parameter appears more than once and cannot be covered");
    }
    return found;
  }

  static String formDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '+') {
        out.write(' ');
      } else if (ch == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return new String(out.toByteArray(), UTF_8);
  }

  static String formEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(UTF_8)) {
      int v = b & 0xff;
      if (v >= 'a' && v <= 'z' || v >= 'A' && v <= 'Z' || v >= '0' && v <= '9' || v == '*'
          || v == '-' || v == '.' || v == '_') {
        sb.append((char) v);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
      }
    }
    return sb.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static String field(Headers headers, ComponentId c) {
    List<String> lines = headers.all(c.name());
    if (lines.isEmpty()) {
      throw missing(c, "header is absent");
    }
    if (c.params().containsKey("bs")) {
      StringBuilder sb = new StringBuilder();
      for (String line : lines) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        String v = line.strip();
        boolean latin1 = v.chars().allMatch(ch -> ch <= 0xff);
        sb.append(':').append(Base64.getEncoder().encodeToString(v.getBytes(latin1 ? ISO_8859_1 : UTF_8)))
            .append(':');
      }
      return sb.toString();
    }
    String combined = headers.combined(c.name()).orElseThrow();
    if (c.params().containsKey("key")) {
      Map<String, Sf.Member> dict = parseDictionary(combined, c);
      Sf.Member m = dict.get((String) c.params().get("key"));
      if (m == null) {
        throw missing(c, "dictionary member is absent");
      }
      return Sf.serializeMember(m);
    }
    if (c.params().containsKey("sf")) {
      if (STRUCTURED_DICTIONARIES.contains(c.name())) {
        return Sf.serializeDictionary(parseDictionary(combined, c));
      }
      if (STRUCTURED_LISTS.contains(c.name())) {
        try {
          return Sf.serializeList(Sf.parseList(combined));
        } catch (Sf.ParseException e) {
          throw new SignatureException(SignatureError.UNSUPPORTED_COMPONENT,
              c + " is not a structured list");
        }
      }
      throw new SignatureException(SignatureError.UNSUPPORTED_COMPONENT,
          "the structured type of " + c.name() + " is not known");
    }
    return combined;
  }

  private static Map<String, Sf.Member> parseDictionary(String text, ComponentId c) {
    try {
      return Sf.parseDictionary(text);
    } catch (Sf.ParseException e) {
      throw new SignatureException(SignatureError.UNSUPPORTED_COMPONENT,
          c + " is not a structured dictionary");
    }
  }

  private static SignatureException missing(ComponentId c, String why) {
    return new SignatureException(SignatureError.COVERED_HEADER_MISSING,
        "covered component " + c + ": " + why);
  }

  /**
   * The algorithm that verifies {@code signature} under {@code key}.
   *
   * @throws SignatureException {@link SignatureError#ALGORITHM_KEY_MISMATCH} if {@code alg}
   *     names another algorithm
   */
  public static SignatureAlgorithm algorithmFor(Rfc9421Signature signature, VerificationKey key) {
    String alg = signature.algorithmName().orElse(null);
    if (alg != null && !alg.equals(key.algorithm().rfc9421Name())) {
      throw new SignatureException(SignatureError.ALGORITHM_KEY_MISMATCH,
          "alg '" + Cavage12.printable(alg) + "' does not match the key's "
              + key.algorithm().rfc9421Name());
    }
    return key.algorithm();
  }

  /**
   * Verifies one signature over {@code message}.
   *
   * @throws SignatureException {@link SignatureError#SIGNATURE_INVALID}, or the errors of
   *     {@link #algorithmFor} and {@link #signatureBase}
   */
  public static void verify(HttpMessage message, Rfc9421Signature signature, VerificationKey key) {
    Objects.requireNonNull(key, "key");
    SignatureAlgorithm alg = algorithmFor(signature, key);
    byte[] base = signatureBase(message, signature).getBytes(UTF_8);
    if (!alg.verify(key.key(), base, signature.signatureUnsafe(), true)) {
      throw new SignatureException(SignatureError.SIGNATURE_INVALID,
          "signature '" + signature.label() + "' by '" + signature.keyId() + "' does not verify");
    }
  }

  /**
   * Signs {@code message} and returns the {@code Signature-Input} and {@code Signature} fields to
   * add, under {@code label}.
   *
   * @param params the signature parameters in order ({@code created}, {@code keyid}, ...); Long
   *     and String values
   */
  public static Headers sign(HttpMessage message, String label, List<ComponentId> components,
      Map<String, Object> params, SigningCredential credential) {
    Map<String, Object> p = new LinkedHashMap<>(params);
    String base = signatureBase(message, components, p);
    byte[] sig = credential.algorithm().sign(credential.key(), base.getBytes(UTF_8));
    Map<String, Sf.Member> input = new LinkedHashMap<>();
    List<Sf.Item> items = new ArrayList<>();
    for (ComponentId c : components) {
      items.add(new Sf.Item(c.name(), c.params()));
    }
    input.put(label, new Sf.InnerList(items, p));
    Map<String, Sf.Member> value = new LinkedHashMap<>();
    value.put(label, Sf.Item.of(sig));
    return Headers.of("Signature-Input", Sf.serializeDictionary(input),
        "Signature", Sf.serializeDictionary(value));
  }
}
