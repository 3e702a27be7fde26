package social.kith.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;

/** Drafts fail fast with typed errors and are immutable. */
final class PostDraftTest {
  private static final IdentityId BOB = IdentityId.of(Protocol.SSB, "@bob=.ed25519");
  private static final Attachment IMAGE = Attachment.of(URI.create("https://media.example/a.png"), "image/png", "a cat");

  @Test
  void textIsRequiredUnlessThereAreAttachments() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PostDraft.builder().build());
    assertEquals(ErrorCode.Standard.INVALID_INPUT, e.code());
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().text("   ").build());
    PostDraft imageOnly = PostDraft.builder().attachment(IMAGE).build();
    assertEquals(List.of(IMAGE), imageOnly.attachments());
  }

  @Test
  void limits_areEnforcedWithLimitExceeded() {
    InvalidInputException text = assertThrows(InvalidInputException.class,
        () -> PostDraft.builder().text("x".repeat(PostDraft.MAX_TEXT_CHARS + 1)));
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, text.code());
    PostDraft.Builder b = PostDraft.builder().text("x");
    for (int i = 0; i < PostDraft.MAX_ATTACHMENTS; i++) {
      b.attachment(IMAGE);
    }
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, assertThrows(InvalidInputException.class, () -> b.attachment(IMAGE)).code());
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, assertThrows(InvalidInputException.class,
        () -> PostDraft.builder().contentWarning("w".repeat(PostDraft.MAX_CONTENT_WARNING + 1))).code());
    List<Attachment> many = new ArrayList<>();
    for (int i = 0; i <= PostDraft.MAX_ATTACHMENTS; i++) {
      many.add(IMAGE);
    }
    assertEquals(ErrorCode.Standard.LIMIT_EXCEEDED, assertThrows(InvalidInputException.class,
        () -> new PostDraft(Content.plain("x"), Optional.empty(), false, Optional.empty(), many, List.of(), List.of(),
            Optional.empty(), Visibility.PUBLIC, List.of())).code());
  }

  @Test
  void badValues_areRefusedAtTheSetter() {
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().language("not a language"));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().hashtag("two words"));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().hashtag("#"));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().contentWarning(" "));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().text(null));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().text("a\u0000b"));
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().directRecipient(BOB).directRecipient(BOB));
  }

  @Test
  void settingAValueTwice_failsFast() {
    PostDraft.Builder b = PostDraft.builder().text("x").visibility(Visibility.UNLISTED).contentWarning("cw");
    assertThrows(IllegalStateException.class, () -> b.text("y"));
    assertThrows(IllegalStateException.class, () -> b.visibility(Visibility.PUBLIC));
    assertThrows(IllegalStateException.class, () -> b.contentWarning("again"));
  }

  @Test
  void audience_mustBeConsistent() {
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().text("x").visibility(Visibility.DIRECT).build());
    assertThrows(InvalidInputException.class, () -> PostDraft.builder().text("x").directRecipient(BOB).build());
    PostDraft dm = PostDraft.builder().text("x").visibility(Visibility.DIRECT).directRecipient(BOB).build();
    assertEquals(List.of(BOB), dm.directRecipients());
  }

  @Test
  void hashtags_dropTheHashAndRepeats() {
    PostDraft d = PostDraft.builder().text("x").hashtag("#kith").hashtag("kith").hashtag("java").build();
    assertEquals(List.of("kith", "java"), d.hashtags());
  }

  @Test
  void requiredCapabilities_nameEveryFeatureUsed() {
    assertEquals(Set.of(Capability.PUBLISH), PostDraft.ofText("x").requiredCapabilities());
    PostDraft rich = PostDraft.builder().text("x").contentWarning("cw").attachment(IMAGE)
        .inReplyTo(PostId.of(Protocol.SSB, "%p=.sha256")).visibility(Visibility.FOLLOWERS).build();
    assertEquals(Set.of(Capability.PUBLISH, Capability.CONTENT_WARNING, Capability.ATTACHMENTS, Capability.REPLY,
        Capability.VISIBILITY_FOLLOWERS), rich.requiredCapabilities());
    assertTrue(PostDraft.builder().text("x").sensitive(true).build().requiredCapabilities().contains(Capability.CONTENT_WARNING));
    assertEquals(Set.of(Protocol.SSB), rich.referencedProtocols());
  }

  @Test
  void lists_areDefensiveCopies() {
    List<String> tags = new ArrayList<>(List.of("a"));
    PostDraft d = new PostDraft(Content.plain("x"), Optional.empty(), false, Optional.empty(), List.of(), List.of(), tags,
        Optional.empty(), Visibility.PUBLIC, List.of());
    tags.add("b");
    assertEquals(List.of("a"), d.hashtags());
    assertThrows(UnsupportedOperationException.class, () -> d.hashtags().add("c"));
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(InvalidInputException.class, () -> new PostDraft(Content.plain("x"), Optional.empty(), false,
        Optional.empty(), List.of(), List.of(), withNull, Optional.empty(), Visibility.PUBLIC, List.of()));
  }
}
