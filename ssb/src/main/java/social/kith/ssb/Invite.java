package social.kith.ssb;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import social.kith.ssb.internal.RefText;

/**
 * A pub invite code, normalised to the multiserver form as ssb-ref's {@code parseInvite} does:
 * {@code invite} is {@code remote + ":" + <base64 invite seed>}, {@code remote} the pub's
 * multiserver address, {@code key} the pub's feed id, {@code redirect} the {@code #…} suffix if any.
 * Accepts legacy codes ({@code host:port:@key.ed25519~<seed>}) and multiserver codes
 * ({@code net:host:port~shs:<key>:<seed>}). The seed is a secret: {@link #toString()} hides it.
 */
public record Invite(String invite, String remote, FeedId key, Optional<String> redirect) {
  private static final Pattern LEGACY_SEED = Pattern.compile("[A-Za-z0-9/+]{43}=");

  public Invite {
    Objects.requireNonNull(invite, "invite");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(redirect, "redirect");
  }

  /** Parses a legacy or multiserver invite; {@link SsbError#INVALID_INVITE} if it is neither. */
  public static Invite parse(String code) {
    if (code != null && code.length() <= MultiserverAddress.MAX_LENGTH) {
      Optional<Invite> legacy = parseLegacy(code);
      if (legacy.isPresent()) {
        return legacy.get();
      }
      Optional<Invite> ms = parseMultiserver(code);
      if (ms.isPresent()) {
        return ms.get();
      }
    }
    throw new SsbException(SsbError.INVALID_INVITE, "not an invite code: " + RefText.preview(
        code == null ? null : code.replaceAll("[A-Za-z0-9/+]{43}=", "<base64>")));
  }

  /** Whether {@code code} is a legacy or multiserver invite. */
  public static boolean isValid(String code) {
    try {
      parse(code);
      return true;
    } catch (SsbException e) {
      return false;
    }
  }

  /** ssb-ref's {@code isLegacyInvite}. */
  public static boolean isLegacy(String code) {
    if (code == null) {
      return false;
    }
    String data = code.replaceFirst("#[^\\n\\r\\u2028\\u2029]*$", "");
    String[] parts = data.split("~", -1);
    return parts.length == 2 && SsbRefs.isAddress(parts[0]) && LEGACY_SEED.matcher(parts[1]).matches();
  }

  /** ssb-ref's {@code parseLegacyInvite}, for codes that pass {@link #isLegacy}. */
  static Optional<Invite> parseLegacy(String code) {
    if (!isLegacy(code)) {
      return Optional.empty();
    }
    int hash = code.indexOf('#');
    String body = hash < 0 ? code : code.substring(0, hash);
    Optional<String> redirect = hash < 0 ? Optional.empty() : Optional.of(code.substring(hash));
    String[] parts = body.split("~", -1);
    Optional<MultiserverAddress.ShsAddress> addr = SsbRefs.legacyAddress(parts[0]);
    if (addr.isEmpty()) {
      return Optional.empty();
    }
    String remote = addr.get().toMultiserver();
    return Optional.of(new Invite(remote + ":" + parts[1], remote, addr.get().key(), redirect));
  }

  /** ssb-ref's {@code parseMultiServerInvite}. */
  static Optional<Invite> parseMultiserver(String code) {
    int hash = code.indexOf('#');
    String body = hash < 0 ? code : code.substring(0, hash);
    Optional<String> redirect = hash < 0 ? Optional.empty() : Optional.of(code.substring(hash));
    if (!MultiserverAddress.isValid(body)) {
      return Optional.empty();
    }
    Optional<MultiserverAddress.ShsAddress> addr = MultiserverAddress.parse(body).shs();
    return addr.map(a -> new Invite(body, a.toMultiserver(), a.key(), redirect));
  }

  @Override
  public String toString() {
    return "Invite[remote=" + remote + ", key=" + key + ", redirect=" + redirect.isPresent() + "]";
  }
}
