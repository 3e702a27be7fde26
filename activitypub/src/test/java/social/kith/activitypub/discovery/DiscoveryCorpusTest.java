package social.kith.activitypub.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import social.kith.activitypub.fetch.internal.Json;
import social.kith.testkit.SharedData;

/** Every document in ap-corpus/discovery parses, and the broken ones fail with clear typed errors. */
final class DiscoveryCorpusTest {
  /** One MANIFEST row of a WebFinger document. */
  record Row(String file, String kind, String id) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Row> rows(String kindPrefix) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(SharedData.path("ap-corpus/MANIFEST.tsv"));
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int kind = header.indexOf("kind");
    int id = header.indexOf("id");
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split("\t", -1);
      if (c[file].startsWith("discovery/") && c[kind].startsWith(kindPrefix)) {
        rows.add(new Row(c[file], c[kind], c[id]));
      }
    }
    assertFalse(rows.isEmpty());
    return rows;
  }

  static Stream<Row> webfingerRows() throws IOException {
    return rows("webfinger").stream().filter(r -> r.file().contains("/webfinger/"));
  }

  static byte[] bytes(String file) throws IOException {
    return Files.readAllBytes(SharedData.path("ap-corpus/" + file));
  }

  @ParameterizedTest
  @MethodSource("webfingerRows")
  void everyWebFingerDocumentParsesAndNamesItsSubject(Row row) throws IOException {
    WebFingerDocument doc = WebFingerDocument.parse(bytes(row.file()));
    assertEquals(Optional.of(row.id()), doc.subject(), "subject as in the manifest");
    boolean negative = row.file().contains("/negative_");
    if (negative) {
      assertFalse(doc.names(Handle.parse("@meanie@bad.com")), "a spoofed JRD does not name the handle asked for");
      assertFalse(doc.names(Handle.parse("@webfingertest@bad.com")));
      assertTrue(doc.actorLink().orElseThrow().getHost().equals("bad.com"), "its self link points elsewhere");
      return;
    }
    String acct = row.id().contains("@") ? row.id() : row.id() + "@gerzilla.de"; // hubzilla: host only in an alias
    assertTrue(doc.names(Handle.parse(acct)), row.file() + " names " + acct);
    if (row.file().endsWith("gnusocial_winterdienst_webfinger.json")) {
      assertEquals(Optional.empty(), doc.actorLink(), "this GNU social JRD has no ActivityStreams self link");
    } else {
      URI actor = doc.actorLink().orElseThrow(() -> new AssertionError("no actor link in " + row.file()));
      assertEquals("https", actor.getScheme());
    }
  }

  @Test
  void hubzillaSubjectWithoutHostIsMatchedThroughItsAlias() throws IOException {
    WebFingerDocument doc = WebFingerDocument.parse(bytes("discovery/webfinger/hubzilla_kaniini@gerzilla.de.json"));
    assertTrue(doc.names(Handle.parse("@KANIINI@GERZILLA.de")));
    assertFalse(doc.names(Handle.parse("@kaniini@evil.example")));
    assertEquals(URI.create("https://gerzilla.de/channel/kaniini"), doc.actorLink().orElseThrow());
    assertTrue(doc.properties().get("https://w3id.org/security/v1#publicKeyPem").startsWith("-----BEGIN PUBLIC KEY"));
  }

  @Test
  void nodeInfoDocumentsParse() throws IOException {
    NodeInfo mastodon = NodeInfo.parse(bytes("discovery/nodeinfo/mastodon_social_2.0.json"));
    assertEquals("mastodon", mastodon.softwareName());
    assertEquals("2.0", mastodon.version());
    assertTrue(mastodon.speaksActivityPub());
    assertEquals(OptionalLong.of(1_479_509), mastodon.users());
    assertEquals(OptionalLong.of(62_251_340), mastodon.localPosts());

    NodeInfo pleroma = NodeInfo.parse(bytes("discovery/nodeinfo/pleroma_shitposterclub_2.0.json"));
    assertEquals("pleroma", pleroma.softwareName());
    assertFalse(pleroma.openRegistrations());
    assertTrue(pleroma.metadata().get("features").isArray());

    NodeInfo akkoma = NodeInfo.parse(bytes("discovery/nodeinfo/akkoma_docs_2.0.json"));
    assertEquals(OptionalLong.of(235), akkoma.users());
    assertEquals(OptionalLong.of(70), akkoma.activeMonth());

    NodeInfo diaspora1 = NodeInfo.parse(bytes("discovery/nodeinfo/diaspora_pod_1.0.json"));
    assertEquals(List.of("diaspora"), diaspora1.protocols(), "1.0's inbound/outbound object, as a union");
    assertFalse(diaspora1.speaksActivityPub());
    NodeInfo diaspora2 = NodeInfo.parse(bytes("discovery/nodeinfo/diaspora_pod_2.0.json"));
    assertEquals(List.of("diaspora"), diaspora2.protocols());
    assertEquals(OptionalLong.of(62), diaspora2.activeMonth());
  }

  @Test
  void brokenNodeInfoDocumentsFailWithTypedErrors() throws IOException {
    DiscoveryException counts = assertThrows(DiscoveryException.class,
        () -> NodeInfo.parse(bytes("discovery/nodeinfo/negative_invalid_usage_counts_2.1.json")));
    assertEquals(DiscoveryError.INVALID_NODEINFO, counts.error());
    assertTrue(counts.getMessage().contains("usage.localPosts"), counts.getMessage());

    DiscoveryException links = assertThrows(DiscoveryException.class, () -> NodeInfo.pickLink(
        Json.parseObject(bytes("discovery/nodeinfo/negative_wellknown_links_object.json"))));
    assertEquals(DiscoveryError.INVALID_NODEINFO, links.error());
    assertTrue(links.getMessage().contains("not an array"));
  }

  @Test
  void theWellKnownDocumentPicksTheNewestSchema() throws Exception {
    assertEquals(Optional.of("https://example.com/nodeinfo/2.1.json"),
        NodeInfo.pickLink(Json.parseObject(bytes("discovery/nodeinfo/akkoma_docs_wellknown.json"))));
    assertEquals(Optional.empty(), NodeInfo.pickLink(Json.parseObject(
        "{\"links\":[{\"rel\":\"http://nodeinfo.diaspora.software/ns/schema/9.9\",\"href\":\"https://x/\"}]}".getBytes())));
  }

  @Test
  void brokenJrdsFailWithTypedErrors() {
    for (String bad : List.of("{\"links\":{\"rel\":\"self\"}}", "{\"subject\":42}", "{\"aliases\":\"x\"}",
        "{\"links\":[{\"href\":\"https://x/\"}]}", "{\"links\":[\"self\"]}", "{\"properties\":{\"a\":1}}",
        "[]", "{\"subject\":\"acct:a@b\",\"subject\":\"acct:c@d\"}", "not json")) {
      DiscoveryException e = assertThrows(DiscoveryException.class, () -> WebFingerDocument.parse(bad.getBytes()), bad);
      assertEquals(DiscoveryError.INVALID_JRD, e.error(), bad);
    }
  }

  @Test
  void manifestListsEveryDiscoveryFile() throws IOException {
    long files;
    try (Stream<Path> s = Files.walk(SharedData.path("ap-corpus/discovery"))) {
      files = s.filter(Files::isRegularFile).count();
    }
    assertEquals(files, rows("").size(), "the tests above cover every discovery file the manifest lists");
  }
}
