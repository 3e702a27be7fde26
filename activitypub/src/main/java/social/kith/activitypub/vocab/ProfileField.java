package social.kith.activitypub.vocab;

import java.util.Objects;

/**
 * One of the name/value pairs on a profile (Mastodon's {@code PropertyValue} attachments).
 *
 * @param name the label, plain text
 * @param value the value as sent (usually HTML, e.g. a verified link); sanitise before showing
 */
public record ProfileField(String name, String value) {
  public ProfileField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
