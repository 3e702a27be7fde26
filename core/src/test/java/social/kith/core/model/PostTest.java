package social.kith.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;

/** Posts built from untrusted input are checked for consistency; native documents are immutable. */
final class PostTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final PostId ID = PostId.of(Protocol.ACTIVITYPUB, "https://a.example/notes/1");
  private static final IdentityId ALICE = IdentityId.of(Protocol.ACTIVITYPUB, "https://a.example/users/alice");

  @Test
  void fromDraft_copiesEverything() {
    PostDraft draft = PostDraft.builder().text("hello #kith").hashtag("kith").language("en").contentWarning("cw")
        .sensitive(true).mention(Mention.of(ALICE, "@alice")).build();
    Post p = Post.builder(ID, ALICE, T).draft(draft).build();
    assertEquals(draft.content(), p.content());
    assertEquals(Optional.of("cw"), p.contentWarning());
    assertEquals(List.of("kith"), p.hashtags());
    assertEquals(Optional.of("en"), p.language());
    assertTrue(p.sensitive());
    assertTrue(p.addresses(ALICE));
  }

  @Test
  void inconsistentPosts_areInvalidInput() {
    IdentityId ssbAuthor = IdentityId.of(Protocol.SSB, "@a=.ed25519");
    assertThrows(InvalidInputException.class, () -> Post.builder(ID, ssbAuthor, T).build());
    assertThrows(InvalidInputException.class, () -> Post.builder(ID, ALICE, T).editedAt(T.minusSeconds(1)).build());
    assertThrows(InvalidInputException.class, () -> Post.builder(ID, ALICE, T).inReplyTo(ID).build());
    assertThrows(InvalidInputException.class,
        () -> Post.builder(ID, ALICE, T).threadRoot(PostId.of(Protocol.SSB, "%x=.sha256")).build());
    assertThrows(InvalidInputException.class, () -> Post.builder(ID, ALICE, T)
        .nativeDocument(NativeDocument.ofText(Protocol.SSB, "application/json", "{}")).build());
    assertThrows(InvalidInputException.class, () -> Post.builder(ID, ALICE, T).language("??").build());
    assertThrows(InvalidInputException.class, () -> Post.builder(null, ALICE, T));
    assertThrows(InvalidInputException.class, () -> PostId.of(Protocol.SSB, "has space"));
    assertThrows(InvalidInputException.class, () -> PostId.of(Protocol.SSB, "x".repeat(PostId.MAX_LENGTH + 1)));
    assertThrows(InvalidInputException.class, () -> Protocol.of("Upper"));
  }

  @Test
  void attachments_refuseDangerousUrlsAndInconsistentSizes() {
    for (String url : new String[] {"javascript:alert(1)", "data:image/png;base64,AAAA", "file:///etc/passwd", "relative/x.png"}) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> Attachment.of(URI.create(url), "image/png", ""), url);
      assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    }
    assertThrows(InvalidInputException.class,
        () -> Attachment.of(URI.create("https://m.example/a"), "not a type", ""));
    assertThrows(InvalidInputException.class,
        () -> Attachment.of(URI.create("https://m.example/a"), "image/png", "a".repeat(Attachment.MAX_ALT_TEXT + 1)));
    assertThrows(InvalidInputException.class,
        () -> Attachment.of(URI.create("https://m.example/a"), "image/png", "").withSize(0, 10));
    Attachment ok = Attachment.of(URI.create("ssb:blob/sha256/abc"), "image/jpeg", "alt").withSize(640, 480).withBlurhash("LEHV6n");
    assertEquals(640, ok.width().getAsInt());
  }

  @Test
  void nativeDocument_copiesBytesInAndOut_andHidesTheBodyInToString() {
    byte[] bytes = "{\"secret\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    NativeDocument d = NativeDocument.of(Protocol.SSB, "application/json", bytes);
    bytes[0] = 'X';
    assertEquals('{', d.bytes()[0]);
    d.bytes()[0] = 'Y';
    assertEquals("{\"secret\":\"x\"}", d.text());
    assertEquals(NativeDocument.ofText(Protocol.SSB, "application/json", "{\"secret\":\"x\"}"), d);
    assertTrue(!d.toString().contains("secret"));
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, assertThrows(InvalidInputException.class,
        () -> NativeDocument.of(Protocol.SSB, "application/json", new byte[NativeDocument.MAX_BYTES + 1])).code());
  }

  @Test
  void lists_areDefensiveCopies() {
    List<Mention> mentions = new ArrayList<>(List.of(Mention.of(ALICE, "@alice")));
    Post p = Post.builder(ID, ALICE, T).mentions(mentions).build();
    mentions.clear();
    assertEquals(1, p.mentions().size());
    assertThrows(UnsupportedOperationException.class, () -> p.mentions().clear());
    assertNotEquals(p, p.toBuilder().content(Content.plain("changed")).build());
    assertEquals(p, p.toBuilder().build());
  }

  @Test
  void content_isSanitisedWhoeverBuildsIt() {
    Content c = new Content("<b>x</b>", "text/html", "<b>x</b><script>alert(1)</script>", "x");
    assertEquals("<b>x</b>", c.html());
    Content plain = Content.plain("a < b\n\nc");
    assertEquals("<p>a &lt; b</p><p>c</p>", plain.html());
    assertEquals("a < b\n\nc", plain.plainText());
    Content html = Content.html("<p>Hi <a href=\"https://x.example\">there</a></p><p>two</p>");
    assertEquals("Hi there\n\ntwo", html.plainText());
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, assertThrows(InvalidInputException.class,
        () -> Content.plain("x".repeat(Content.MAX_CHARS + 1))).code());
  }
}
