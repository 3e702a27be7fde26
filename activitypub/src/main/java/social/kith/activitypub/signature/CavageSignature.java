package social.kith.activitypub.signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import social.kith.crypto.CryptoException;
import social.kith.crypto.encoding.CanonicalBase64;

/**
 * A draft-cavage-http-signatures-12 {@code Signature} header (or {@code Authorization: Signature}
 * credentials), parsed.
 *
 * <p>The parser is a single linear scan with no regular expressions (checklist items 17 and 46):
 * {@code name=value} pairs separated by commas, values as tokens or quoted strings with backslash
 * escapes (a comma or escaped quote inside a quoted string is data). Limits: the header is at most
 * {@link #MAX_LENGTH} characters, at most {@link #MAX_PARAMS} parameters and at most
 * {@link #MAX_HEADERS} covered headers. Refused with {@link SignatureError#MALFORMED_SIGNATURE_HEADER}:
 * non-ASCII or control characters, an empty or unquoted-empty value, a repeated parameter (names
 * compare case-insensitively), a missing {@code keyId} or {@code signature}, a signature that is not
 * canonical base64, {@code created}/{@code expires} that are not decimal integers, and a
 * {@code headers} list that is empty or names a header twice. The prefix {@code Signature } that old
 * node-http-signature versions wrote is tolerated, as Mastodon tolerates it. Unknown parameters
 * are ignored. When {@code headers} is absent the covered list is {@code date}, as in the draft's
 * Appendix C.
 */
public final class CavageSignature implements ParsedSignature {
  /** The longest header accepted, in characters. */
  public static final int MAX_LENGTH = 8 * 1024;
  /** The most parameters accepted. */
  public static final int MAX_PARAMS = 16;
  /** The most covered headers accepted. */
  public static final int MAX_HEADERS = 32;

  private final String keyId;
  private final String algorithm;
  private final List<String> headers;
  private final boolean headersExplicit;
  private final Long created;
  private final Long expires;
  private final byte[] signature;

  private CavageSignature(String keyId, String algorithm, List<String> headers,
      boolean headersExplicit, Long created, Long expires, byte[] signature) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.headers = List.copyOf(headers);
    this.headersExplicit = headersExplicit;
    this.created = created;
    this.expires = expires;
    this.signature = signature;
  }

  /**
   * Parses a {@code Signature} header value (or the credentials after {@code Signature } in an
   * {@code Authorization} header).
   *
   * @throws SignatureException {@link SignatureError#SIGNATURE_HEADER_TOO_LARGE} or
   *     {@link SignatureError#MALFORMED_SIGNATURE_HEADER}
   */
  public static CavageSignature parse(String value) {
    if (value == null) {
      throw new SignatureException(SignatureError.MISSING_SIGNATURE, "no Signature header");
    }
    if (value.length() > MAX_LENGTH) {
      throw new SignatureException(SignatureError.SIGNATURE_HEADER_TOO_LARGE,
          "Signature header of " + value.length() + " characters is over " + MAX_LENGTH);
    }
    Map<String, String> params = new Scanner(value).params();
    String keyId = params.get("keyid");
    if (keyId == null || keyId.isEmpty()) {
      throw malformed("keyId is missing");
    }
    String sigText = params.get("signature");
    if (sigText == null || sigText.isEmpty()) {
      throw malformed("signature is missing");
    }
    byte[] sig;
    try {
      sig = CanonicalBase64.decode(sigText);
    } catch (CryptoException e) {
      throw malformed("signature is not canonical base64");
    }
    String alg = params.get("algorithm");
    if (alg != null && alg.isEmpty()) {
      throw malformed("algorithm is empty");
    }
    String headersText = params.get("headers");
    List<String> headers = headersText == null ? List.of("date") : headerList(headersText);
    Long created = timestamp(params, "created");
    Long expires = timestamp(params, "expires");
    if (created != null && expires != null && expires < created) {
      throw malformed("expires is before created");
    }
    return new CavageSignature(keyId, alg, headers, headersText != null, created, expires, sig);
  }

  private static List<String> headerList(String text) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && text.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        String h = text.substring(start, i).toLowerCase(Locale.ROOT);
        if (!isHeaderName(h)) {
          throw malformed("headers names an invalid header");
        }
        if (!seen.add(h)) {
          throw malformed("headers names '" + h + "' twice");
        }
        if (out.size() == MAX_HEADERS) {
          throw malformed("headers lists more than " + MAX_HEADERS + " names");
        }
        out.add(h);
      }
    }
    if (out.isEmpty()) {
      throw malformed("headers is empty");
    }
    return out;
  }

  private static boolean isHeaderName(String h) {
    if (h.equals("(request-target)") || h.equals("(created)") || h.equals("(expires)")) {
      return true;
    }
    for (int i = 0; i < h.length(); i++) {
      if (!HttpSyntax.isTchar(h.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Long timestamp(Map<String, String> params, String name) {
    String t = params.get(name);
    if (t == null) {
      return null;
    }
    if (t.isEmpty() || t.length() > 15) {
      throw malformed(name + " is not a Unix time");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(name + " is not a Unix time");
      }
    }
    return Long.parseLong(t);
  }

  static SignatureException malformed(String message) {
    return new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER, message);
  }

  /** The linear scanner over {@code name=value, ...}. */
  private static final class Scanner {
    private final String s;
    private int i;

    Scanner(String s) {
      this.s = s;
    }

    Map<String, String> params() {
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c > 0x7e || c < 0x20 && c != '\t') {
          throw malformed("non-ASCII or control character in Signature header");
        }
      }
      skipWs();
      if (s.regionMatches(true, i, "Signature ", 0, 10)) {
        i += 10; // node-http-signature's historical prefix
      }
      Map<String, String> out = new HashMap<>();
      skipWs();
      if (i == s.length()) {
        throw malformed("empty Signature header");
      }
      while (true) {
        String name = token().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          throw malformed("expected a parameter name");
        }
        skipWs();
        expect('=');
        skipWs();
        String value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
        if (value.isEmpty()) {
          throw malformed("parameter '" + name + "' has an empty value");
        }
        if (out.putIfAbsent(name, value) != null) {
          throw malformed("parameter '" + name + "' appears twice");
        }
        if (out.size() > MAX_PARAMS) {
          throw malformed("more than " + MAX_PARAMS + " parameters");
        }
        skipWs();
        if (i == s.length()) {
          return out;
        }
        expect(',');
        skipWs();
        if (i == s.length()) {
          throw malformed("trailing ','");
        }
      }
    }

    private void skipWs() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private void expect(char c) {
      if (i >= s.length() || s.charAt(i) != c) {
        throw malformed("expected '" + c + "' at offset " + i);
      }
      i++;
    }

    private String token() {
      int start = i;
      while (i < s.length() && HttpSyntax.isTchar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private String quoted() {
      i++; // opening quote
      StringBuilder sb = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '\\') {
          if (i >= s.length()) {
            throw malformed("dangling escape in quoted string");
          }
          sb.append(s.charAt(i++));
        } else if (c == '"') {
          return sb.toString();
        } else {
          sb.append(c);
        }
      }
      throw malformed("unterminated quoted string");
    }
  }

  @Override
  public SignatureGeneration generation() {
    return SignatureGeneration.CAVAGE_12;
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public Optional<String> algorithmName() {
    return Optional.ofNullable(algorithm);
  }

  /** The covered header names, lower case, in signing order. */
  public List<String> headers() {
    return headers;
  }

  /** True if the {@code headers} parameter was present (false: the default {@code date}). */
  public boolean headersExplicit() {
    return headersExplicit;
  }

  @Override
  public List<String> coveredComponents() {
    return headers;
  }

  @Override
  public boolean covers(String name) {
    return headers.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The {@code created} parameter in Unix seconds. */
  public OptionalLong createdSeconds() {
    return created == null ? OptionalLong.empty() : OptionalLong.of(created);
  }

  /** The {@code expires} parameter in Unix seconds. */
  public OptionalLong expiresSeconds() {
    return expires == null ? OptionalLong.empty() : OptionalLong.of(expires);
  }

  @Override
  public Optional<Instant> created() {
    return created == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(created));
  }

  @Override
  public Optional<Instant> expires() {
    return expires == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expires));
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
    return "CavageSignature[keyId=" + keyId + ", algorithm=" + algorithm + ", headers=" + headers
        + "]";
  }
}
