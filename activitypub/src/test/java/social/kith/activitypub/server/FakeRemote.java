package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.InstantSource;
import social.kith.activitypub.fetch.ResolvedKey;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/** A remote actor that signs requests with its own RSA key, as another server would. */
public final class FakeRemote {
  private static final RsaPrivateKey[] KEYS = {RsaKeys.generate(2048), RsaKeys.generate(2048),
      RsaKeys.generate(2048)};
  private static int next;

  private final URI actor;
  private final URI keyId;
  private final RsaPrivateKey key;

  private FakeRemote(URI actor, RsaPrivateKey key) {
    this.actor = actor;
    this.keyId = URI.create(actor + "#main-key");
    this.key = key;
  }

  /** A remote actor with a key from a small pool (keys are slow to make). */
  public static synchronized FakeRemote at(String actor) {
    return new FakeRemote(URI.create(actor), KEYS[next++ % KEYS.length]);
  }

  public URI actor() {
    return actor;
  }

  public URI keyId() {
    return keyId;
  }

  public String publicKeyPem() {
    return Pem.writeSpki(key.verifyingKey());
  }

  /** What a key resolver proves for this actor. */
  public ResolvedKey resolved() {
    return new ResolvedKey(actor, keyId, publicKeyPem(), key.verifyingKey());
  }

  public HttpSigner signer(InstantSource clock) {
    return HttpSigner.builder().credential(SigningCredential.of(keyId.toString(), key)).clock(clock).build();
  }

  /** A signed POST of {@code json} to {@code inbox}. */
  public ApRequest post(URI inbox, String json, InstantSource clock) {
    return post(inbox, json, clock, SignatureGeneration.CAVAGE_12);
  }

  public ApRequest post(URI inbox, String json, InstantSource clock, SignatureGeneration generation) {
    HttpMessage.Request r = HttpMessage.Request.of("POST", inbox, Headers.of("Host", inbox.getRawAuthority(),
        "Content-Type", "application/activity+json"), json.getBytes(UTF_8));
    HttpMessage.Request signed = signer(clock).signed(r, generation);
    return ApRequest.of("POST", inbox, signed.headers(), json.getBytes(UTF_8));
  }

  /** A signed GET asking for AS2. */
  public ApRequest get(URI target, InstantSource clock) {
    HttpMessage.Request r = HttpMessage.Request.of("GET", target, Headers.of("Host", target.getRawAuthority(),
        "Accept", "application/activity+json"));
    return ApRequest.get(target, signer(clock).signed(r, SignatureGeneration.CAVAGE_12).headers());
  }
}
