package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random JSON trees built from ActivityStreams vocabulary (and random bytes) never make the parser or
 * the mapper throw anything but {@link VocabException}; what parses also round-trips.
 */
final class AsParserProperties {
  private static final List<String> KEYS = List.of("id", "type", "actor", "object", "target", "to", "cc", "bto",
      "tag", "attachment", "url", "href", "name", "content", "contentMap", "summary", "summaryMap", "nameMap",
      "inReplyTo", "attributedTo", "published", "updated", "sensitive", "as:sensitive", "toot:discoverable",
      "source", "mediaType", "mimeType", "icon", "width", "height", "blurhash", "oneOf", "anyOf", "replies",
      "totalItems", "preferredUsername", "publicKey", "publicKeyPem", "endpoints", "sharedInbox", "context",
      "conversation", "quoteUrl", "_misskey_quote", "_misskey_reaction", "language", "identifier", "@context",
      "@language", "@id", "@type", "@graph", "closed", "endTime", "votersCount", "audience", "value", "x");
  private static final List<String> STRINGS = List.of("Note", "Create", "Announce", "Undo", "Like", "Follow",
      "Person", "Group", "Question", "Mention", "Hashtag", "Emoji", "toot:Emoji", "Link", "Image", "Tombstone",
      "Delete", "EmojiReact", "Page", "Video", "https://a.example/u/1", "https://www.w3.org/ns/activitystreams#Public",
      "as:Public", "https://www.w3.org/ns/activitystreams", "#tag", ":blob:", "@bob@b.example", "en", "und",
      "2024-01-01T00:00:00Z", "2023-10-30T12:44:35+0000", "<p>hi</p>", "javascript:alert(1)", "", " ", "has space",
      "\u0000", "toot:", "as:", "http://joinmastodon.org/ns#", "@id", "@graph", "text/markdown", "a/b");

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> shaped = net.jqwik.api.Combinators.combine(
        Arbitraries.of("Note", "Question", "Page", "Create", "Announce", "Like", "EmojiReact", "Undo", "Follow",
            "Delete", "Person", "Group", "Video"),
        Arbitraries.of("https://a.example/n/1", "https://a.example/u/1", "urn:x:1"),
        objects(3))
        .as((type, id, rest) -> "{\"type\":" + quote(type) + ",\"id\":" + quote(id)
            + ",\"attributedTo\":\"https://a.example/u/1\",\"actor\":\"https://a.example/u/1\""
            + (rest.equals("{}") ? "}" : "," + rest.substring(1)));
    return Arbitraries.oneOf(objects(4), shaped);
  }

  private Arbitrary<String> values(int depth) {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.of(STRINGS).map(AsParserProperties::quote),
        Arbitraries.strings().ofMaxLength(8).map(AsParserProperties::quote),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("true", "false", "null", "1.5", "-0", "1e3", "99999999999999999999"));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalar),
        net.jqwik.api.Tuple.of(2, objects(depth - 1)),
        net.jqwik.api.Tuple.of(2, values(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")));
  }

  private Arbitrary<String> objects(int depth) {
    Arbitrary<String> entry = net.jqwik.api.Combinators.combine(Arbitraries.of(KEYS), Arbitraries.lazy(() -> values(depth)))
        .as((k, v) -> quote(k) + ":" + v);
    return entry.list().ofMaxSize(7).uniqueElements(e -> e.substring(0, e.indexOf("\":") + 1))
        .map(l -> "{" + String.join(",", l) + "}");
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Property(tries = 2000)
  void randomTreesOnlyEverGiveTypedErrors(@ForAll("documents") String json) {
    AsObject doc;
    try {
      doc = AsParser.DEFAULT.parse(json);
    } catch (VocabException e) {
      Statistics.label("outcome").collect("refused by the parser");
      return;
    }
    assertEquals(doc, AsParser.DEFAULT.parse(doc.toBytes()), "round trip");
    try {
      doc.chain();
      doc.quote();
      Mapped m = ApMapper.DEFAULT.map(doc);
      assertEquals(doc, m.source());
      Statistics.label("outcome").collect(m instanceof Mapped.Other ? "other" : "mapped");
    } catch (VocabException e) {
      Statistics.label("outcome").collect("refused by the mapper");
    }
    Statistics.label("outcome").coverage(c -> {
      c.check("mapped").count(n -> n > 0);
      c.check("refused by the mapper").count(n -> n > 0);
      c.check("other").count(n -> n > 0);
    });
  }

  @Property(tries = 1000)
  void randomBytesOnlyEverGiveTypedErrors(@ForAll byte[] bytes) {
    try {
      ApMapper.DEFAULT.map(AsParser.DEFAULT.parse(bytes));
    } catch (VocabException e) {
      // a typed refusal is fine
    }
  }

  @Property(tries = 300)
  void mutatedCorpusLikeDocumentsOnlyEverGiveTypedErrors(@ForAll("documents") String inner) {
    String json = "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"toot\":\"http://joinmastodon.org/ns#\"}],"
        + "\"type\":\"Create\",\"id\":\"https://a.example/c\",\"actor\":\"https://a.example/u\",\"object\":" + inner + "}";
    try {
      ApMapper.DEFAULT.map(AsParser.DEFAULT.parse(json.getBytes(StandardCharsets.UTF_8)));
    } catch (VocabException e) {
      // a typed refusal is fine
    }
  }
}
