package social.kith.core.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import social.kith.core.InvalidInputException;

/**
 * Validation helpers shared by the model's constructors. Every check throws
 * {@link InvalidInputException} with a message that names the field, never an NPE or an index
 * exception.
 */
public final class Checks {
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
          + "(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]{1,64}=(\"[^\"\\\\\\p{Cntrl}]{0,200}\"|[A-Za-z0-9!#$&^_.+-]{1,200}))*");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}");
  private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "vbscript", "data", "file");

  private Checks() {}

  /** Non-null. */
  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field + " is required");
    }
    return value;
  }

  /** Non-null, at most {@code max} UTF-16 units, no control characters other than tab/CR/LF. */
  public static String text(String value, String field, int max) {
    present(value, field);
    if (value.length() > max) {
      throw InvalidInputException.limit(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
        throw new InvalidInputException(field + " contains a control character at index " + i);
      }
    }
    return value;
  }

  /** {@link #text} that is also single-line and not blank. */
  public static String token(String value, String field, int max) {
    text(value, field, max);
    if (value.isBlank()) {
      throw new InvalidInputException(field + " is blank");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\t') >= 0) {
      throw new InvalidInputException(field + " must be a single line");
    }
    return value;
  }

  /** A token without any whitespace. */
  public static String word(String value, String field, int max) {
    token(value, field, max);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i))) {
        throw new InvalidInputException(field + " contains whitespace");
      }
    }
    return value;
  }

  /** A media type such as {@code image/png} or {@code text/html; charset=utf-8}. */
  public static String mediaType(String value, String field) {
    present(value, field);
    if (value.length() > 512 || !MEDIA_TYPE.matcher(value).matches()) {
      throw new InvalidInputException(field + " is not a media type");
    }
    return value;
  }

  /** A BCP 47 language tag shape such as {@code en} or {@code pt-BR}. */
  public static String language(String value, String field) {
    present(value, field);
    if (value.length() > 64 || !LANGUAGE.matcher(value).matches()) {
      throw new InvalidInputException(field + " is not a language tag");
    }
    return value;
  }

  /**
   * An absolute URI whose scheme is not one that runs code or reads local files
   * ({@code javascript}, {@code vbscript}, {@code data}, {@code file}).
   */
  public static URI uri(URI value, String field) {
    present(value, field);
    String scheme = value.getScheme();
    if (scheme == null || !value.isAbsolute()) {
      throw new InvalidInputException(field + " is not an absolute URI");
    }
    if (FORBIDDEN_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
      throw new InvalidInputException(field + " uses the forbidden scheme " + scheme.toLowerCase(Locale.ROOT));
    }
    if (value.toString().length() > 4096) {
      throw InvalidInputException.limit(field + " is longer than 4096 characters");
    }
    return value;
  }

  /** Parses {@link #uri} from text. */
  public static URI uri(String value, String field) {
    present(value, field);
    if (value.length() > 4096) {
      throw InvalidInputException.limit(field + " is longer than 4096 characters");
    }
    try {
      return uri(new URI(value), field);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException(field + " is not a URI");
    }
  }

  /** An immutable copy with no null elements and at most {@code max} of them. */
  public static <T> List<T> list(Collection<? extends T> values, String field, int max) {
    present(values, field);
    if (values.size() > max) {
      throw InvalidInputException.limit(field + " has more than " + max + " entries");
    }
    List<T> copy = new ArrayList<>(values.size());
    for (T v : values) {
      if (v == null) {
        throw new InvalidInputException(field + " contains null");
      }
      copy.add(v);
    }
    return List.copyOf(copy);
  }

  /** A positive integer no larger than {@code max}. */
  public static int range(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }
}
