package social.kith.crypto.encoding;

import java.util.Arrays;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import social.kith.crypto.CryptoException;

class EncodingProperties {
  @Property
  boolean base64RoundTrips(@ForAll @Size(max = 200) byte[] data) {
    String s = CanonicalBase64.encode(data);
    return Arrays.equals(data, CanonicalBase64.decode(s))
        && s.equals(java.util.Base64.getEncoder().encodeToString(data));
  }

  @Property
  boolean base64UrlRoundTrips(@ForAll @Size(max = 200) byte[] data) {
    String s = Base64Url.encode(data);
    return Arrays.equals(data, Base64Url.decode(s))
        && s.equals(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data));
  }

  @Property
  boolean base58RoundTrips(@ForAll @Size(max = 100) byte[] data) {
    return Arrays.equals(data, Base58Btc.decode(Base58Btc.encode(data)));
  }

  @Property
  boolean multibaseRoundTrips(@ForAll @Size(max = 100) byte[] data, @ForAll Multibase.Base base) {
    String s = Multibase.encode(base, data);
    return s.charAt(0) == base.prefix() && Arrays.equals(data, Multibase.decode(s));
  }

  @Property
  boolean hexRoundTrips(@ForAll @Size(max = 100) byte[] data) {
    return Arrays.equals(data, Hex.decode(Hex.encode(data)));
  }

  @Property
  boolean didKeyRoundTrips(@ForAll @Size(32) byte[] key) {
    return Arrays.equals(key, DidKey.parseEd25519(DidKey.formatEd25519(key)));
  }

  @Property
  boolean base58DecodingIsABijection(@ForAll("base58Text") String text) {
    return Base58Btc.encode(Base58Btc.decode(text)).equals(text);
  }

  @Provide
  Arbitrary<String> base58Text() {
    return Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        .ofMaxLength(60);
  }

  private static final Pattern CANONICAL_SHAPE =
      Pattern.compile("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

  /**
   * Every single-character mutation of a canonical encoding is either refused with
   * NON_CANONICAL_BASE64 or decodes to bytes that re-encode to exactly the mutated text (that is,
   * it is itself canonical). The reference rule for "canonical" is: matches the padded shape
   * above and re-encodes identically.
   */
  @Property(tries = 300)
  boolean everyMutationIsRefusedOrCanonical(@ForAll @Size(min = 1, max = 40) byte[] data,
      @ForAll @IntRange(min = 0, max = 1000) int position, @ForAll("mutationChars") char c) {
    String good = CanonicalBase64.encode(data);
    int i = position % good.length();
    String mutated = good.substring(0, i) + c + good.substring(i + 1);
    return agreesWithReference(mutated);
  }

  /** Inserting or deleting one character (extra '=', a newline, a lost pad) is judged the same way. */
  @Property(tries = 300)
  boolean everyInsertionOrDeletionIsRefusedOrCanonical(@ForAll @Size(max = 40) byte[] data,
      @ForAll @IntRange(min = 0, max = 1000) int position, @ForAll("mutationChars") char c,
      @ForAll boolean delete) {
    String good = CanonicalBase64.encode(data);
    String mutated;
    if (delete) {
      if (good.isEmpty()) {
        return true;
      }
      int i = position % good.length();
      mutated = good.substring(0, i) + good.substring(i + 1);
    } else {
      int i = position % (good.length() + 1);
      mutated = good.substring(0, i) + c + good.substring(i);
    }
    return agreesWithReference(mutated);
  }

  private static boolean agreesWithReference(String text) {
    boolean referenceCanonical;
    try {
      referenceCanonical = CANONICAL_SHAPE.matcher(text).matches()
          && java.util.Base64.getEncoder().encodeToString(java.util.Base64.getDecoder().decode(text)).equals(text);
    } catch (IllegalArgumentException e) {
      referenceCanonical = false;
    }
    try {
      byte[] decoded = CanonicalBase64.decode(text);
      return referenceCanonical && CanonicalBase64.encode(decoded).equals(text);
    } catch (CryptoException e) {
      return !referenceCanonical && e.reason() == CryptoException.Reason.NON_CANONICAL_BASE64;
    }
  }

  @Provide
  Arbitrary<Character> mutationChars() {
    return Arbitraries.oneOf(
        Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        Arbitraries.chars().with("=-_ \n\r\t*.\u00e9\u0000"));
  }
}
