package social.kith.activitypub.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.ResolvedKey;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.PendingSignature;
import social.kith.activitypub.signature.SignatureError;
import social.kith.activitypub.signature.SignatureException;
import social.kith.activitypub.signature.VerificationKey;
import social.kith.activitypub.signature.VerifiedSignature;

/**
 * Verifies the HTTP signature(s) on a request and says which actor made them. The cheap checks
 * (syntax, coverage, time window, body digest) run before any key is fetched; then every key must
 * resolve through {@link KeyLookup} (which proves ownership), every signature must verify, and all
 * keys must belong to one actor. If a signature fails under a cached key, the key is refetched once
 * (the owner may have rotated it). Thread-safe.
 */
public final class RequestAuthenticator {
  private final HttpSignatureVerifier verifier;
  private final KeyLookup keys;

  private RequestAuthenticator(HttpSignatureVerifier verifier, KeyLookup keys) {
    this.verifier = verifier;
    this.keys = keys;
  }

  /** An authenticator over {@code verifier} (policy and clock) and {@code keys}. */
  public static RequestAuthenticator of(HttpSignatureVerifier verifier, KeyLookup keys) {
    return new RequestAuthenticator(Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(keys, "keys"));
  }

  /** The hosts of the key ids the request names, without verifying anything (for early blocks). */
  public static List<String> claimedKeyHosts(ApRequest request) {
    try {
      return HttpSignatureVerifier.parse(request.headers()).stream().map(s -> hostOf(s.keyId()))
          .flatMap(Optional::stream).toList();
    } catch (SignatureException e) {
      return List.of();
    }
  }

  static Optional<String> hostOf(String keyId) {
    try {
      String host = new URI(keyId).getHost();
      return host == null ? Optional.empty() : Optional.of(normalizeHost(host));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Lower-case, without a trailing dot: how hosts are compared for blocks and rate limits. */
  public static String normalizeHost(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * Verifies the request.
   *
   * @throws SignatureException with the reason (missing, malformed, out of window, digest,
   *     {@link SignatureError#KEY_UNAVAILABLE}, {@link SignatureError#KEY_NOT_OWNED},
   *     {@link SignatureError#SIGNATURE_INVALID} ...)
   */
  public SignedBy authenticate(ApRequest request) {
    HttpMessage.Request message;
    try {
      message = request.toMessage();
    } catch (IllegalArgumentException e) {
      throw new SignatureException(SignatureError.MALFORMED_SIGNATURE_HEADER, "the request cannot be verified");
    }
    PendingSignature pending = verifier.check(message);
    Map<String, ResolvedKey> resolved = new HashMap<>();
    for (String keyId : pending.keyIds()) {
      resolved.put(keyId, resolve(keyId));
    }
    List<VerifiedSignature> verified;
    try {
      verified = pending.verifyAll(id -> Optional.ofNullable(resolved.get(id)).map(k -> VerificationKey.of(k.key())));
    } catch (SignatureException e) {
      if (e.reason() != SignatureError.SIGNATURE_INVALID) {
        throw e;
      }
      // The key may have been rotated since it was cached: refetch once, then give up.
      for (String keyId : resolved.keySet()) {
        keys.invalidate(URI.create(keyId));
        resolved.put(keyId, resolve(keyId));
      }
      verified = pending.verifyAll(id -> Optional.ofNullable(resolved.get(id)).map(k -> VerificationKey.of(k.key())));
    }
    URI actor = null;
    for (ResolvedKey k : resolved.values()) {
      if (actor != null && !actor.equals(k.actorId())) {
        throw new SignatureException(SignatureError.KEY_NOT_OWNED, "the signatures name keys of different actors");
      }
      actor = k.actorId();
    }
    return new SignedBy(actor, verified);
  }

  private ResolvedKey resolve(String keyId) {
    URI uri;
    try {
      uri = new URI(keyId);
    } catch (URISyntaxException e) {
      throw new SignatureException(SignatureError.KEY_UNAVAILABLE, "the keyId is not a URI");
    }
    try {
      return keys.resolve(uri);
    } catch (FetchException e) {
      SignatureError reason = e.error() == FetchError.KEY_NOT_OWNED ? SignatureError.KEY_NOT_OWNED
          : SignatureError.KEY_UNAVAILABLE;
      throw new SignatureException(reason, "key " + keyId + ": " + e.error().name(), e);
    } catch (IllegalArgumentException e) {
      throw new SignatureException(SignatureError.KEY_UNAVAILABLE, "the keyId is not a usable URL", e);
    }
  }

  @Override
  public String toString() {
    return "RequestAuthenticator[" + verifier + "]";
  }
}
