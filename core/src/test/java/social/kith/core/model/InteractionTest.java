package social.kith.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.core.InvalidInputException;

/** Interactions name the protocol and capabilities they need, and refuse inconsistent drafts. */
final class InteractionTest {
  private static final PostId SSB_POST = PostId.of(Protocol.SSB, "%abc=.sha256");
  private static final PostId AP_POST = PostId.of(Protocol.ACTIVITYPUB, "https://a.example/notes/1");

  @Test
  void capabilitiesAndProtocol() {
    assertEquals(Set.of(Capability.LIKE), Interaction.Like.of(SSB_POST).requiredCapabilities());
    assertEquals(Set.of(Capability.LIKE, Capability.REACTION_EMOJI), Interaction.Like.reaction(SSB_POST, "🎉").requiredCapabilities());
    assertEquals(Protocol.SSB, new Interaction.Share(SSB_POST).protocol());
    assertEquals(Set.of(Capability.EDIT, Capability.CONTENT_WARNING),
        new Interaction.Edit(AP_POST, PostDraft.builder().text("x").contentWarning("cw").build()).requiredCapabilities());
    Interaction.Reply reply = new Interaction.Reply(AP_POST, PostDraft.ofText("hi"));
    assertEquals(Optional.of(AP_POST), reply.replyDraft().inReplyTo());
    assertEquals(Set.of(Capability.PUBLISH, Capability.REPLY), reply.requiredCapabilities());
  }

  @Test
  void inconsistentInteractions_areInvalidInput() {
    assertThrows(InvalidInputException.class,
        () -> new Interaction.Reply(AP_POST, PostDraft.builder().text("x").inReplyTo(SSB_POST).build()));
    assertThrows(InvalidInputException.class,
        () -> new Interaction.Edit(AP_POST, PostDraft.builder().text("x").inReplyTo(AP_POST).build()));
    assertThrows(InvalidInputException.class, () -> new Interaction.Reply(SSB_POST, PostDraft.builder().text("x")
        .mention(Mention.of(IdentityId.of(Protocol.ACTIVITYPUB, "https://a.example/u"), "@u")).build()));
    assertThrows(InvalidInputException.class, () -> Interaction.Like.reaction(SSB_POST, "two words"));
    assertThrows(InvalidInputException.class, () -> new Interaction.Follow(null));
  }
}
