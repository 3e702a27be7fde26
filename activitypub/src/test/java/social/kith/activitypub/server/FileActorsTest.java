package social.kith.activitypub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.activitypub.server.FollowerStore.Direction;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.core.model.Visibility;
import social.kith.crypto.Pem;

/** Actors and keys on disk (mode 0600, versioned, atomic) and identity export and import. */
final class FileActorsTest {
  static final ActorUrls URLS = new ActorUrls(URI.create("https://kith.example"));

  @TempDir
  Path dir;

  @Test
  void anActorIsCreatedWithAPrivateKeyReadableOnlyByItsOwner() throws Exception {
    FileActors actors = FileActors.open(dir.resolve("actors"));
    LocalActor alice = actors.create("alice", "Alice");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(actors.keyFile("alice"))));
    String pem = Files.readString(actors.keyFile("alice"), UTF_8);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    assertEquals(2048, Pem.rsaPrivateKey(pem).verifyingKey().bitLength());
    assertEquals(alice.publicKeyPem(), Pem.writeSpki(actors.privateKey("alice").orElseThrow().verifyingKey()));
    assertEquals(URLS.keyId("alice").toString(), actors.credential("alice", URLS).orElseThrow().keyId());
    assertFalse(actors.toString().contains("PRIVATE"));

    FileActors again = FileActors.open(dir.resolve("actors"));
    assertEquals(alice, again.find("alice").orElseThrow());
    again.update(alice.locked(true));
    assertTrue(FileActors.open(dir.resolve("actors")).find("alice").orElseThrow().manuallyApprovesFollowers());
    assertThrows(InvalidInputException.class, () -> again.create("alice", "Another"));
    assertThrows(InvalidInputException.class, () -> again.create("Not Valid", "x"));
  }

  @Test
  void aKeyThatDoesNotMatchTheProfileIsRefusedOnOpen() throws Exception {
    FileActors actors = FileActors.open(dir);
    actors.create("alice", "Alice");
    actors.create("bob", "Bob");
    Files.copy(actors.keyFile("bob"), actors.keyFile("alice"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(ErrorCode.Standard.CORRUPT_DATA,
        assertThrows(StorageException.class, () -> FileActors.open(dir)).code());
  }

  @Test
  void anIdentityMovesAsOneArchive() throws Exception {
    FileActors actors = FileActors.open(dir.resolve("a"));
    FileFollowerStore follows = FileFollowerStore.open(dir.resolve("a-follows"));
    FileObjectStore objects = FileObjectStore.open(dir.resolve("a-objects"));
    LocalActor alice = actors.create("alice", "Alice");
    URI bob = URI.create("https://remote.example/users/bob");
    follows.put("alice", Direction.FOLLOWERS, new FollowRecord(bob, Optional.empty(), FollowState.ACCEPTED,
        Instant.EPOCH));
    follows.put("alice", Direction.FOLLOWING, new FollowRecord(bob, Optional.empty(), FollowState.PENDING,
        Instant.EPOCH));
    URI noteId = URLS.object("alice", "statuses", "1");
    StoredObject note = new StoredObject(noteId, "alice", Visibility.PUBLIC, Set.of(),
        AsParser.DEFAULT.parse("{\"id\":\"" + noteId + "\",\"type\":\"Note\",\"content\":\"hi\"}"), false,
        Instant.EPOCH);
    objects.put(note);
    objects.setFeatured("alice", List.of(noteId));

    Path archive = dir.resolve("alice.kith.json");
    IdentityArchive.exportTo(archive, "alice", actors, follows, objects);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

    FileActors actors2 = FileActors.open(dir.resolve("b"));
    FileFollowerStore follows2 = FileFollowerStore.open(dir.resolve("b-follows"));
    FileObjectStore objects2 = FileObjectStore.open(dir.resolve("b-objects"));
    assertEquals(alice, IdentityArchive.importFrom(Files.readAllBytes(archive), actors2, follows2, objects2));
    assertEquals(alice.publicKeyPem(), Pem.writeSpki(actors2.privateKey("alice").orElseThrow().verifyingKey()));
    assertEquals(follows.list("alice", Direction.FOLLOWERS), follows2.list("alice", Direction.FOLLOWERS));
    assertEquals(follows.list("alice", Direction.FOLLOWING), follows2.list("alice", Direction.FOLLOWING));
    assertEquals(note, objects2.get(noteId).orElseThrow());
    assertEquals(List.of(noteId), objects2.featured("alice"));
    // And it is on disk, not only in memory.
    assertEquals(alice, FileActors.open(dir.resolve("b")).find("alice").orElseThrow());
  }

  @Test
  void aBadArchiveWritesNothing() throws Exception {
    FileActors actors = FileActors.open(dir.resolve("a"));
    actors.create("alice", "Alice");
    FileActors other = FileActors.open(dir.resolve("x"));
    other.create("alice", "Impostor");
    InMemoryObjectStore objects = new InMemoryObjectStore();
    String good = new String(IdentityArchive.export("alice", actors, new InMemoryFollowerStore(), objects), UTF_8);
    String foreignKey = new String(IdentityArchive.export("alice", other, new InMemoryFollowerStore(), objects),
        UTF_8);
    // The profile of one with the key of the other.
    String mixed = good.substring(0, good.indexOf("\"privateKeyPem\""))
        + foreignKey.substring(foreignKey.indexOf("\"privateKeyPem\""));
    FileActors target = FileActors.open(dir.resolve("b"));
    InMemoryFollowerStore follows = new InMemoryFollowerStore();
    for (String bad : List.of(mixed, good.replace("\"version\" : 1", "\"version\" : 9"), "{", "[]")) {
      assertThrows(InvalidInputException.class,
          () -> IdentityArchive.importFrom(bad.getBytes(UTF_8), target, follows, objects));
      assertTrue(target.all().isEmpty(), "nothing written");
      assertFalse(Files.exists(dir.resolve("b").resolve("alice")));
    }
  }
}
