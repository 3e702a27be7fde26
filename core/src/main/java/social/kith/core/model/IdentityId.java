package social.kith.core.model;

import social.kith.core.InvalidInputException;
import social.kith.core.internal.Checks;

/**
 * The stable id of an identity on one protocol: an ActivityPub actor URI, or an SSB feed id
 * ({@code @<base64>=.ed25519}). Adapters check the protocol-specific syntax; this type only refuses
 * what no protocol allows (blank, whitespace, control characters, over {@value #MAX_LENGTH} characters).
 */
public record IdentityId(Protocol protocol, String value) implements Comparable<IdentityId> {
  /** The longest id accepted. */
  public static final int MAX_LENGTH = 2048;

  public IdentityId {
    if (protocol == null) {
      throw new InvalidInputException("identity id protocol is required");
    }
    Checks.word(value, "identity id", MAX_LENGTH);
  }

  /** The id {@code value} on {@code protocol}. */
  public static IdentityId of(Protocol protocol, String value) {
    return new IdentityId(protocol, value);
  }

  @Override
  public int compareTo(IdentityId o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : value.compareTo(o.value);
  }

  /** {@code protocol:value}, e.g. {@code ssb:@abc...=.ed25519}. */
  @Override
  public String toString() {
    return protocol.id() + ":" + value;
  }
}
