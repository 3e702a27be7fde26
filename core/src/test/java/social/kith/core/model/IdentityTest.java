package social.kith.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.core.InvalidInputException;
import social.kith.core.testing.FakeSigningKey;

/** Identities validate their parts; a local identity never shows or compares its private key. */
final class IdentityTest {
  private static final IdentityId ID = IdentityId.of(Protocol.ACTIVITYPUB, "https://a.example/users/alice");

  @Test
  void builder_validatesAndFailsFast() {
    assertThrows(InvalidInputException.class, () -> Identity.builder(ID).handle("has space"));
    assertThrows(InvalidInputException.class, () -> Identity.builder(ID).avatar(URI.create("javascript:alert(1)")));
    assertThrows(InvalidInputException.class, () -> Identity.builder(ID).displayName("x".repeat(Identity.MAX_DISPLAY_NAME + 1)));
    FakeSigningKey key = FakeSigningKey.fromSeed("a");
    Identity.Builder b = Identity.builder(ID).key(new IdentityKey("k1", key.verifyingKey()));
    assertThrows(InvalidInputException.class, () -> b.key(new IdentityKey("k1", key.verifyingKey())));
    Identity alice = b.handle("@alice@a.example").displayName("Alice").build();
    assertEquals(Optional.of("@alice@a.example"), alice.handle());
    assertEquals(Protocol.ACTIVITYPUB, alice.protocol());
    assertTrue(alice.key("k1").isPresent());
    assertEquals(alice, alice.toBuilder().build());
  }

  @Test
  void localIdentity_requiresAMatchingPublishedKey() {
    FakeSigningKey key = FakeSigningKey.fromSeed("alice");
    Identity withoutKey = Identity.builder(ID).build();
    assertThrows(InvalidInputException.class, () -> LocalIdentity.of(withoutKey, "k1", key));
    Identity withKey = Identity.builder(ID).key(new IdentityKey("k1", key.verifyingKey())).build();
    LocalIdentity local = LocalIdentity.of(withKey, "k1", key);
    assertEquals(ID, local.id());
    assertTrue(local.signingKey().verifyingKey().verify("m".getBytes(), local.signingKey().sign("m".getBytes())));
  }

  @Test
  void localIdentity_toStringShowsNoKeyMaterial_andEqualityIgnoresTheKey() {
    FakeSigningKey key = FakeSigningKey.fromSeed("very-secret-seed");
    Identity identity = Identity.builder(ID).key(new IdentityKey("k1", key.verifyingKey())).build();
    LocalIdentity local = LocalIdentity.of(identity, "k1", key);
    String text = local.toString();
    assertFalse(text.contains(key.secretText()), text);
    assertFalse(text.contains("very-secret-seed"), text);
    assertTrue(text.contains(ID.toString()), text);
    LocalIdentity same = LocalIdentity.of(identity, "k1", key);
    assertNotEquals(local, same, "equality is object identity, so keys are never compared");
  }

  @Test
  void localIdentity_withIdentity_keepsTheId() {
    FakeSigningKey key = FakeSigningKey.fromSeed("a");
    Identity identity = Identity.builder(ID).key(new IdentityKey("k1", key.verifyingKey())).build();
    LocalIdentity local = LocalIdentity.of(identity, "k1", key);
    LocalIdentity renamed = local.withIdentity(identity.toBuilder().displayName("New").build());
    assertEquals("New", renamed.identity().displayName());
    Identity other = Identity.builder(IdentityId.of(Protocol.ACTIVITYPUB, "https://a.example/users/bob"))
        .key(new IdentityKey("k1", key.verifyingKey())).build();
    assertThrows(InvalidInputException.class, () -> local.withIdentity(other));
  }
}
