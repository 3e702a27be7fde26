package social.kith.activitypub.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import social.kith.activitypub.discovery.ActorLookup;
import social.kith.activitypub.discovery.Handle;
import social.kith.activitypub.discovery.NodeInfo;
import social.kith.activitypub.discovery.NodeInfoClient;
import social.kith.activitypub.discovery.WebFingerClient;
import social.kith.activitypub.fetch.ActorKey;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.KeyResolver;
import social.kith.activitypub.fetch.RemoteActor;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.fetch.ResolvedKey;
import social.kith.crypto.KeyAlgorithm;
import social.kith.crypto.RsaPublicKey;

/** Kith's discovery and fetching against a real Fedify 2.3.6 server on loopback. */
final class FedifyInteropTest {
  private static FedifyServer fedify;
  private static RemoteFetcher fetcher;

  @BeforeAll
  static void start() {
    fedify = FedifyServer.start();
    fetcher = RemoteFetcher.builder().policy(FetchPolicy.builder().insecureAllowLoopbackForTesting()
        .connectTimeout(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(10)).build()).build();
  }

  @AfterAll
  static void stop() {
    if (fedify != null) {
      fedify.close();
    }
  }

  @Test
  void resolvesFedifysActorByUrl() {
    ActorResolver actors = ActorResolver.create(fetcher);
    RemoteActor alice = actors.resolve(fedify.actor());
    assertEquals(fedify.actor(), alice.id());
    assertEquals("Person", alice.type());
    assertEquals(URI.create(fedify.actor() + "/inbox"), alice.inbox());
    assertEquals(Optional.of(URI.create(fedify.url() + "/inbox")), alice.sharedInbox());
    assertEquals(Optional.of("alice"), alice.preferredUsername());
    ActorKey key = alice.key(URI.create(fedify.actor() + "#main-key")).orElseThrow();
    assertEquals(KeyAlgorithm.RSA, key.key().algorithm());
    assertTrue(key.key() instanceof RsaPublicKey);
    assertTrue(((RsaPublicKey) key.key()).modulus().bitLength() >= 2048);
  }

  @Test
  void resolvesFedifysKeyIdToItsOwner() {
    ActorResolver actors = ActorResolver.create(fetcher);
    KeyResolver keys = KeyResolver.create(fetcher, actors);
    ResolvedKey k = keys.resolve(URI.create(fedify.actor() + "#main-key"));
    assertEquals(fedify.actor(), k.actorId());
    assertTrue(k.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----"));
    FetchException e = assertThrows(FetchException.class, () -> keys.resolve(URI.create(fedify.actor() + "#no-such-key")));
    assertEquals(FetchError.KEY_NOT_OWNED, e.error());
  }

  @Test
  void findsTheActorByWebFingerOverPlainHttpOnLoopback() {
    WebFingerClient webFinger = WebFingerClient.insecurePlainHttpForTesting(fetcher);
    WebFingerClient.Result r = webFinger.lookup(Handle.parse("@alice@" + fedify.host()));
    assertEquals(fedify.actor(), r.actorId());
    assertEquals(Optional.of("acct:alice@" + fedify.host()), r.document().subject());
    ActorLookup lookup = ActorLookup.create(fetcher, ActorResolver.create(fetcher), webFinger);
    assertEquals(fedify.actor(), lookup.lookup("@alice@" + fedify.host()).id());
    assertEquals(FetchError.HTTP_STATUS, assertThrows(FetchException.class,
        () -> lookup.lookup("@nobody@" + fedify.host())).error());
  }

  @Test
  void readsFedifysNodeInfo() {
    NodeInfo info = NodeInfoClient.create(fetcher, WebFingerClient.insecurePlainHttpForTesting(fetcher))
        .lookup(fedify.host());
    assertEquals("2.1", info.version());
    assertEquals("kith-fedify-test", info.softwareName());
    assertTrue(info.speaksActivityPub());
    assertEquals(1, info.users().orElseThrow());
  }

  @Test
  void looksTheActorUpByUrl() {
    ActorLookup lookup = ActorLookup.create(fetcher, ActorResolver.create(fetcher), WebFingerClient.create(fetcher));
    ActorLookup.Result r = lookup.lookup(fedify.actor().toString());
    assertTrue(r.actor().isPresent());
    assertFalse(r.document().json().path("publicKey").path("publicKeyPem").asText().isEmpty());
  }

  @Test
  void theStrictDefaultPolicyRefusesTheLoopbackPeer() {
    RemoteFetcher strict = RemoteFetcher.builder().build();
    assertEquals(FetchError.BLOCKED_SCHEME, assertThrows(FetchException.class,
        () -> ActorResolver.create(strict).resolve(fedify.actor())).error());
    assertEquals(FetchError.BLOCKED_ADDRESS, assertThrows(FetchException.class,
        () -> ActorResolver.create(strict).resolve(URI.create("https://" + fedify.host() + "/users/alice"))).error());
  }

  @Test
  void fedifyRefusesAnUnsignedDeliveryAndSaysSo() throws Exception {
    String create = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + fedify.url()
        + "/fake/1\",\"type\":\"Create\",\"actor\":\"" + fedify.actor() + "\",\"object\":{\"type\":\"Note\","
        + "\"content\":\"forged\"}}";
    Request post = new Request.Builder().url(fedify.actor() + "/inbox")
        .post(RequestBody.create(create.getBytes(StandardCharsets.UTF_8), MediaType.get("application/activity+json")))
        .build();
    try (Response r = new OkHttpClient().newCall(post).execute()) {
      assertEquals(401, r.code(), "signature verification is on in the test peer");
    }
    fedify.command("{\"cmd\":\"info\"}");
    JsonNode event = fedify.events().stream().filter(e -> e.path("event").asText().equals("unverified"))
        .findFirst().orElseThrow(() -> new AssertionError("no unverified event in " + fedify.events()));
    assertEquals("noSignature", event.path("reason").asText());
    assertTrue(fedify.events().stream().noneMatch(e -> e.path("event").asText().equals("activity")),
        "the forged activity never reached a listener");
  }
}
