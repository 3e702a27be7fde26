package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.fetch.FakeClock;
import social.kith.activitypub.fetch.ResolvedKey;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.SignatureError;
import social.kith.activitypub.signature.SignatureException;

/** Signature verification with proven key owners: the signer, key rotation, no fetch for cheap failures. */
final class RequestAuthenticatorTest {
  static final URI INBOX = URI.create("https://kith.example/inbox");
  static final FakeRemote BOB = FakeRemote.at("https://remote.example/users/bob");
  static final FakeRemote OLD_BOB = FakeRemote.at("https://remote.example/users/bob");
  final FakeClock clock = new FakeClock();

  RequestAuthenticator auth(KeyLookup keys) {
    return RequestAuthenticator.of(HttpSignatureVerifier.builder().clock(clock).build(), keys);
  }

  @Test
  void theSignerIsTheKeysProvenOwner() {
    SignedBy s = auth(new FakeKeys().add(BOB)).authenticate(BOB.post(INBOX, "{}", clock));
    assertEquals(BOB.actor(), s.actor());
    assertEquals(BOB.keyId().toString(), s.signatures().get(0).keyId());
  }

  @Test
  void aRotatedKeyIsRefetchedOnceThenTheAnswerStands() {
    // The cache still holds bob's old key; bob now signs with a new one.
    AtomicInteger resolves = new AtomicInteger();
    AtomicInteger invalidations = new AtomicInteger();
    KeyLookup rotating = new KeyLookup() {
      @Override
      public ResolvedKey resolve(URI keyId) {
        return resolves.incrementAndGet() == 1 ? OLD_BOB.resolved() : BOB.resolved();
      }

      @Override
      public void invalidate(URI keyId) {
        invalidations.incrementAndGet();
      }
    };
    assertEquals(BOB.actor(), auth(rotating).authenticate(BOB.post(INBOX, "{}", clock)).actor());
    assertEquals(2, resolves.get());
    assertEquals(1, invalidations.get());

    // A signature that fails under the fresh key too: refused, with exactly one refetch.
    AtomicInteger count = new AtomicInteger();
    KeyLookup stale = keyId -> {
      count.incrementAndGet();
      return OLD_BOB.resolved();
    };
    SignatureException e = assertThrows(SignatureException.class,
        () -> auth(stale).authenticate(BOB.post(INBOX, "{}", clock)));
    assertEquals(SignatureError.SIGNATURE_INVALID, e.reason());
    assertEquals(2, count.get());
  }

  @Test
  void noKeyIsFetchedForARequestThatFailsTheCheapChecks() {
    FakeKeys keys = new FakeKeys().add(BOB);
    ApRequest signed = BOB.post(INBOX, "{}", clock);
    ApRequest tampered = ApRequest.of("POST", INBOX, signed.headers(), "{\"x\":1}".getBytes(UTF_8));
    assertEquals(SignatureError.DIGEST_MISMATCH,
        assertThrows(SignatureException.class, () -> auth(keys).authenticate(tampered)).reason());
    ApRequest unsigned = ApRequest.of("POST", INBOX, Headers.of("Host", "kith.example"), new byte[0]);
    assertEquals(SignatureError.MISSING_SIGNATURE,
        assertThrows(SignatureException.class, () -> auth(keys).authenticate(unsigned)).reason());
    assertEquals(0, keys.lookups());
  }

  @Test
  void claimedHostsComeFromTheKeyIdsWithoutVerifying() {
    assertEquals(List.of("remote.example"), RequestAuthenticator.claimedKeyHosts(BOB.post(INBOX, "{}", clock)));
    ApRequest garbage = ApRequest.of("POST", INBOX, Headers.of("Signature", "keyId=\"x\",,,"), new byte[0]);
    assertTrue(RequestAuthenticator.claimedKeyHosts(garbage).isEmpty());
    assertEquals("evil.example", RequestAuthenticator.normalizeHost("EVIL.example."));
  }
}
