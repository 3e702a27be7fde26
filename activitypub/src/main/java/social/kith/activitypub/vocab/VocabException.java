package social.kith.activitypub.vocab;

import java.util.Objects;
import social.kith.core.InvalidInputException;

/**
 * An ActivityStreams document that Kith refuses to parse or map. {@link #code()} (and {@link #error()})
 * say why; nothing was stored or sent when this is thrown. The message never repeats the document.
 */
public final class VocabException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final VocabError error;

  public VocabException(VocabError error, String message) {
    super(Objects.requireNonNull(error, "error"), message);
    this.error = error;
  }

  public VocabException(VocabError error, String message, Throwable cause) {
    super(Objects.requireNonNull(error, "error"), message, cause);
    this.error = error;
  }

  /** The reason, as the module's own enum. */
  public VocabError error() {
    return error;
  }
}
