package social.kith.activitypub.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A local actor as the server publishes it. Holds only public material: the private key lives in
 * {@link ActorState} and never reaches the router.
 *
 * @param username the {@code preferredUsername}, {@code [a-z0-9_]{1,64}} (it is part of every URL)
 * @param type {@code Person}, {@code Service}, {@code Application}, {@code Group} or {@code Organization}
 * @param name the display name, if any
 * @param summary the bio as HTML the application already sanitised, if any
 * @param publicKeyPem the RSA public key (SPKI PEM) behind {@code #main-key}
 * @param manuallyApprovesFollowers true for a locked account: follows stay pending until approved
 * @param alsoKnownAs other ids of the same person (needed by a {@code Move} to this actor)
 */
public record LocalActor(String username, String type, Optional<String> name, Optional<String> summary,
    String publicKeyPem, boolean manuallyApprovesFollowers, List<String> alsoKnownAs) {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final List<String> TYPES = List.of("Person", "Service", "Application", "Group", "Organization");

  public LocalActor {
    Objects.requireNonNull(username, "username");
    if (!USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("a username is 1 to 64 of [a-z0-9_]");
    }
    if (!TYPES.contains(Objects.requireNonNull(type, "type"))) {
      throw new IllegalArgumentException("not an actor type: " + type);
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    alsoKnownAs = List.copyOf(alsoKnownAs);
  }

  /** A {@code Person} with a display name, no bio, open to follows. */
  public static LocalActor person(String username, String name, String publicKeyPem) {
    return new LocalActor(username, "Person", Optional.ofNullable(name), Optional.empty(), publicKeyPem, false,
        List.of());
  }

  /** This actor with {@code manuallyApprovesFollowers} set to {@code locked}. */
  public LocalActor locked(boolean locked) {
    return new LocalActor(username, type, name, summary, publicKeyPem, locked, alsoKnownAs);
  }

  /** True if {@code username} is a valid local username. */
  public static boolean isUsername(String username) {
    return username != null && USERNAME.matcher(username).matches();
  }
}
