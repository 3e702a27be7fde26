package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parser bombs, oversized fields and JSON-LD restructuring are refused with a typed reason before
 * anything is built from them (security checklist items 29-33). The parser keeps no state, so "nothing
 * stored" here means: the input is not modified and the same parser still accepts a good document.
 */
final class ParserLimitsTest {
  private static final String GOOD = "{\"type\":\"Note\",\"id\":\"https://e.x/1\",\"attributedTo\":\"https://e.x/u\"}";

  private static VocabError refused(String json) {
    return refused(AsParser.DEFAULT, json.getBytes(StandardCharsets.UTF_8));
  }

  private static VocabError refused(AsParser parser, byte[] json) {
    byte[] copy = json.clone();
    VocabException e = assertThrows(VocabException.class, () -> parser.parse(json));
    assertArrayEquals(copy, json, "the input is not modified");
    assertEquals(e.error(), e.code());
    assertTrue(e.getMessage().length() < 400, "the message is short and does not repeat the document");
    assertEquals("Note", parser.parse(GOOD.getBytes(StandardCharsets.UTF_8)).type().orElseThrow(),
        "the parser still works afterwards");
    return e.error();
  }

  @Test
  void tenThousandNestedArraysAreTooDeepWithoutStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertEquals(VocabError.TOO_DEEP, refused(deep));
    String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    assertEquals(VocabError.TOO_DEEP, refused(objects));
  }

  @Test
  void depthUpToTheLimitIsAccepted() {
    int limit = AsParser.Limits.DEFAULT.maxDepth();
    String ok = "{\"a\":" + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "}";
    AsParser.DEFAULT.parse(ok);
    String over = "{\"a\":" + "[".repeat(limit) + "]".repeat(limit) + "}";
    assertEquals(VocabError.TOO_DEEP, refused(over));
  }

  @Test
  void aHundredThousandNestedBracketsAtTheTopAreNotAnObject() {
    assertEquals(VocabError.NOT_AN_OBJECT, refused("[".repeat(100_000)));
  }

  @Test
  void aHundredThousandElementArrayIsRefused() {
    StringBuilder sb = new StringBuilder("{\"type\":\"Note\",\"to\":[");
    for (int i = 0; i < 100_000; i++) {
      sb.append(i == 0 ? "" : ",").append(i % 10);
    }
    assertEquals(VocabError.TOO_MANY_ELEMENTS, refused(sb.append("]}").toString()));
  }

  @Test
  void tooManyValuesInAllAreRefused() {
    StringBuilder sb = new StringBuilder("{\"a\":[");
    for (int i = 0; i < 3000; i++) {
      sb.append(i == 0 ? "" : ",").append("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
    }
    assertEquals(VocabError.TOO_MANY_ELEMENTS, refused(sb.append("]}").toString()));
  }

  @Test
  void tooManyPropertiesAreRefused() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 2000; i++) {
      sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
    }
    assertEquals(VocabError.TOO_MANY_ELEMENTS, refused(sb.append("}").toString()));
  }

  @Test
  void hugeStringsNamesAndNumbersAreRefused() {
    assertEquals(VocabError.STRING_TOO_LONG, refused("{\"content\":\"" + "a".repeat(900_000) + "\"}"));
    assertEquals(VocabError.NAME_TOO_LONG, refused("{\"" + "k".repeat(5000) + "\":1}"));
    assertEquals(VocabError.NUMBER_TOO_LONG, refused("{\"n\":" + "9".repeat(10_000) + "}"));
    assertEquals(VocabError.NUMBER_TOO_LONG, refused("{\"n\":1." + "9".repeat(10_000) + "}"));
  }

  @Test
  void aDocumentOverTheSizeCapIsRefusedBeforeParsing() {
    byte[] big = ("{\"content\":\"" + "a".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertEquals(VocabError.DOCUMENT_TOO_LARGE, refused(AsParser.DEFAULT, big));
    AsParser small = AsParser.withLimits(AsParser.Limits.DEFAULT.withMaxDocumentBytes(100));
    assertEquals(VocabError.DOCUMENT_TOO_LARGE, refused(small, ("{\"a\":\"" + "b".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anEndlessStreamIsReadOnlyUpToTheCap() {
    int[] read = {0};
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        read[0]++;
        return ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) ' ');
        read[0] += len;
        return len;
      }
    };
    VocabException e = assertThrows(VocabException.class, () -> AsParser.DEFAULT.parse(endless));
    assertEquals(VocabError.DOCUMENT_TOO_LARGE, e.error());
    assertTrue(read[0] <= AsParser.Limits.DEFAULT.maxDocumentBytes() + 8192, "read " + read[0] + " bytes");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertEquals(VocabError.DUPLICATE_KEY, refused("{\"actor\":\"https://a.example/\",\"actor\":\"https://b.example/\"}"));
    assertEquals(VocabError.DUPLICATE_KEY, refused("{\"object\":{\"id\":\"x\",\"id\":\"y\"}}"));
  }

  @Test
  void malformedInputIsNotJson() throws IOException {
    assertEquals(VocabError.NOT_JSON, refused("not json"));
    assertEquals(VocabError.NOT_JSON, refused(""));
    assertEquals(VocabError.NOT_JSON, refused("{\"a\":1"));
    assertEquals(VocabError.NOT_JSON, refused("{\"a\":1} {\"b\":2}"));
    assertEquals(VocabError.NOT_JSON, refused("{\"a\":NaN}"));
    assertEquals(VocabError.NOT_AN_OBJECT, refused("[1,2]"));
    assertEquals(VocabError.NOT_AN_OBJECT, refused("\"Note\""));
    assertEquals(VocabError.NOT_JSON, refused(AsParser.DEFAULT, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}));
  }

  @Test
  void graphIncludedReverseNestAndImportAreRefusedAnywhere() {
    for (String kw : List.of("@graph", "@included", "@reverse", "@nest", "@import")) {
      assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD, refused("{\"" + kw + "\":[{\"type\":\"Undo\"}]}"), kw);
      assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD,
          refused("{\"type\":\"Undo\",\"object\":{\"type\":\"Announce\",\"" + kw + "\":{}}}"), kw);
    }
    // A signed Undo{Announce} rewritten so that the inner object is promoted with @graph.
    assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD, refused("{\"@context\":\"https://www.w3.org/ns/activitystreams\","
        + "\"@graph\":[{\"type\":\"Undo\",\"actor\":\"https://victim.example/u\"},{\"type\":\"Announce\"}],"
        + "\"signature\":{\"type\":\"RsaSignature2017\"}}"));
  }

  @Test
  void contextsThatRestructureOrRedefineCoreTermsAreRefused() {
    assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD,
        refused("{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"children\":{\"@reverse\":\"as:inReplyTo\"}}]}"));
    assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD,
        refused("{\"@context\":{\"data\":\"@graph\"},\"data\":[]}"));
    assertEquals(VocabError.UNSUPPORTED_JSONLD_KEYWORD, refused("{\"@context\":{\"@import\":\"https://evil.example/c\"}}"));
    assertEquals(VocabError.CONTEXT_REDEFINES_TERM,
        refused("{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"actor\":\"https://evil.example/ns#actor\"}],"
            + "\"type\":\"Like\",\"actor\":\"https://victim.example/u\"}"));
    assertEquals(VocabError.CONTEXT_REDEFINES_TERM,
        refused("{\"@context\":{\"to\":{\"@id\":\"as:bcc\"}},\"to\":\"https://x.example/\"}"));
    assertEquals(VocabError.CONTEXT_REDEFINES_TERM, refused("{\"@context\":{\"author\":\"@id\"},\"author\":\"x\"}"));
    // Embedded contexts (a signature's own @context) are checked at parse time too.
    assertEquals(VocabError.CONTEXT_REDEFINES_TERM,
        refused("{\"type\":\"Note\",\"object\":{\"@context\":{\"object\":\"https://evil.example/o\"}}}"));
  }

  @Test
  void harmlessRedefinitionsAndRemoteContextsAreAccepted() {
    AsObject a = AsParser.DEFAULT.parse("{\"@context\":[\"http://169.254.169.254/latest\",\"https://www.w3.org/ns/activitystreams\","
        + "{\"likes\":{\"@id\":\"as:likes\",\"@type\":\"@id\"},\"sensitive\":\"as:sensitive\",\"@language\":\"de\"}],"
        + "\"type\":\"Note\",\"sensitive\":true}");
    assertEquals(List.of("http://169.254.169.254/latest", "https://www.w3.org/ns/activitystreams"), a.contextIris(),
        "context IRIs are kept as names; nothing is fetched");
    assertTrue(a.sensitive());
    assertEquals("de", a.contextLanguage().orElseThrow());
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> AsParser.Limits.DEFAULT.withMaxDepth(0));
    assertThrows(IllegalArgumentException.class, () -> AsParser.Limits.DEFAULT.withMaxDepth(501));
    assertThrows(IllegalArgumentException.class, () -> AsParser.Limits.DEFAULT.withMaxArrayElements(-1));
    AsParser strict = AsParser.withLimits(AsParser.Limits.DEFAULT.withMaxArrayElements(2));
    assertEquals(VocabError.TOO_MANY_ELEMENTS, refused(strict, "{\"to\":[1,2,3]}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, strict.parse("{\"to\":[\"https://a.example/\",\"https://b.example/\"]}").to().size());
  }
}
