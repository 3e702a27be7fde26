package social.kith.core.feed;

import java.util.regex.Pattern;
import social.kith.core.InvalidInputException;

/**
 * Where the next page of a feed starts. Opaque to applications: keep it, pass it back, and never
 * build or parse one. Only URL-safe characters, so it can travel in a query string.
 *
 * @param value 1 to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._~-]}
 */
public record Cursor(String value) {
  /** The longest cursor accepted. */
  public static final int MAX_LENGTH = 4096;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

  public Cursor {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException("cursor is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw InvalidInputException.limit("cursor is longer than " + MAX_LENGTH + " characters");
    }
    if (!SAFE.matcher(value).matches()) {
      throw new InvalidInputException("cursor contains characters outside [A-Za-z0-9._~-]");
    }
  }

  /** The cursor with this text (as an application received it earlier). */
  public static Cursor of(String value) {
    return new Cursor(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
