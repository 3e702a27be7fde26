package social.kith.activitypub.signature;

/** Character classes of RFC 9110 shared by the parsers of this package. */
final class HttpSyntax {
  private HttpSyntax() {}

  /** RFC 9110 {@code tchar}. */
  static boolean isTchar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    switch (c) {
      case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
      case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
      default:
        return false;
    }
  }
}
