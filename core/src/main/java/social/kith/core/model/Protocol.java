package social.kith.core.model;

import java.util.regex.Pattern;
import social.kith.core.InvalidInputException;

/**
 * A social protocol, named by a short stable id. A value rather than an enum so that a protocol
 * module added later (Nostr, ...) needs no change here.
 *
 * @param id lower-case letters, digits and dashes, starting with a letter, at most 32 characters
 */
public record Protocol(String id) implements Comparable<Protocol> {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** ActivityPub, the federated protocol of Mastodon and the fediverse. */
  public static final Protocol ACTIVITYPUB = new Protocol("activitypub");
  /** Secure Scuttlebutt, the peer-to-peer protocol of Manyverse and Patchwork. */
  public static final Protocol SSB = new Protocol("ssb");

  public Protocol {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidInputException("protocol id must match " + ID.pattern());
    }
  }

  /** The protocol with this id. */
  public static Protocol of(String id) {
    return new Protocol(id);
  }

  @Override
  public int compareTo(Protocol other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
