package social.kith.ssb.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import social.kith.core.ErrorCode;
import social.kith.core.KithException;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;
import social.kith.core.model.PostDraft;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.FeedState;
import social.kith.ssb.MessageId;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.testkit.SharedData;

/** Mapping real main-net messages (go-ssb vectors) and published ones to the neutral model, and back. */
class SsbMapperTest {
  private static final SsbMapper PUBLIC = SsbMapper.publicOnly();
  private static final List<SsbMessage> REAL = loadReal();

  /** The 235 go-ssb messages, each validated against its predecessor's id. */
  private static List<SsbMessage> loadReal() {
    JsonObject file;
    try {
      file = (JsonObject) JsonParser.withLimits(64, 16 << 20)
          .parse(Files.readString(SharedData.path("vectors/ssb/go-ssb-legacy/messages.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<SsbMessage> out = new ArrayList<>();
    for (JsonValue m : ((JsonArray) file.get("messages").orElseThrow()).values()) {
      JsonObject value = (JsonObject) ((JsonObject) m).get("value").orElseThrow();
      Optional<FeedState> state = Optional.empty();
      if (value.get("previous").orElseThrow() instanceof JsonString prev) {
        int seq = (int) ((JsonNumber) value.get("sequence").orElseThrow()).value();
        state = Optional.of(new FeedState(MessageId.parse(prev.value()), seq - 1, Double.NaN));
      }
      out.add(((ValidationResult.Valid) MessageValidator.mainNet().validate(state, value)).message());
    }
    return out;
  }

  private static PostId pid(String id) {
    return PostId.of(Protocol.SSB, id);
  }

  private static IdentityId iid(String id) {
    return IdentityId.of(Protocol.SSB, id);
  }

  @Test
  void everyRealMessageMapsToTheExpectedKind() {
    Map<String, Long> kinds = REAL.stream().map(PUBLIC::map)
        .collect(Collectors.groupingBy(m -> m.getClass().getSimpleName(), Collectors.counting()));
    // 75 posts, 146 votes + 8 contacts, and 4 boxes + 1 pub + 1 npm-packages kept as documents.
    assertEquals(Map.of("AsPost", 75L, "AsInteraction", 154L, "AsDocument", 6L), kinds);
    for (SsbMessage m : REAL) {
      MappedMessage mapped = PUBLIC.map(m);
      assertEquals(pid(m.id().toString()), mapped.source());
      assertTrue(mapped.document().text().contains(m.id().toString()));
      assertEquals("application/json", mapped.document().mediaType());
    }
  }

  @Test
  void plainPost() {
    SsbMessage m = REAL.get(2);
    Post p = assertInstanceOf(MappedMessage.AsPost.class, PUBLIC.map(m)).post();
    assertEquals(pid("%5hyNIl+sMOrqLEvBJhltQFaK6nu6cnFGRyJOWbSymP0=.sha256"), p.id());
    assertEquals(iid(m.author().toString()), p.author());
    assertEquals("ping", p.content().source());
    assertEquals(SsbMapper.MARKDOWN, p.content().mediaType());
    assertEquals("<p>ping</p>", p.content().html());
    assertEquals(Instant.ofEpochMilli((long) m.timestamp()), p.createdAt());
    assertEquals(Visibility.PUBLIC, p.visibility());
    assertEquals(Optional.empty(), p.inReplyTo());
    assertEquals(List.of(), p.mentions());
    // The native document is ssb-db's {key, value}, byte for byte the signed value inside.
    JsonObject kv = (JsonObject) JsonParser.DEFAULT.parse(p.nativeDocument().orElseThrow().text());
    assertEquals(m.value(), kv.get("value").orElseThrow());
  }

  @Test
  void postWithAMentionAndOneWithAChannel() {
    Post mentioning = ((MappedMessage.AsPost) PUBLIC.map(REAL.get(4))).post();
    assertEquals(List.of(Mention.of(iid("@p13zSAiOpguI9nsawkGijsnMfWmFd5rlUNpzekEE+vI=.ed25519"), "@cryptix")),
        mentioning.mentions());
    assertTrue(mentioning.content().source().startsWith("hrm... sadly I can't reproduce it anymore after following @c"));
    Post music = ((MappedMessage.AsPost) PUBLIC.map(REAL.get(5))).post();
    assertEquals(List.of("music"), music.hashtags());
    // Markdown stays the source; the HTML is escaped text in paragraphs with links, never raw markup.
    assertTrue(music.content().html().contains("<a"), music.content().html());
  }

  @Test
  void replyWithRootBranchAndHashtagMention() {
    Post p = ((MappedMessage.AsPost) PUBLIC.map(REAL.get(107))).post();
    assertEquals(Optional.of(pid("%u79LEOEJdYbs/up15Kn2LVixKw+5a9KqXDkeilv8wc4=.sha256")), p.threadRoot());
    assertEquals(Optional.of(pid("%TYQ1rvZfvFvhG5Mk0tceLYujqDUASpJVnEcTBTg20R4=.sha256")), p.inReplyTo());
    assertEquals(List.of("berlin"), p.hashtags());
    long replies = REAL.stream().map(PUBLIC::map).filter(x -> x instanceof MappedMessage.AsPost ap
        && ap.post().threadRoot().isPresent()).count();
    assertEquals(57, replies);
  }

  @Test
  void votesAndContacts() {
    MappedMessage.AsInteraction vote = assertInstanceOf(MappedMessage.AsInteraction.class, PUBLIC.map(REAL.get(9)));
    assertEquals(Interaction.Like.reaction(pid("%pNomRZ7NgK349K4iI2JEmuiwTVhSxyh/AbHD62MXAv8=.sha256"), "dig"),
        vote.interaction());
    assertEquals(iid(REAL.get(9).author().toString()), vote.actor());
    MappedMessage.AsInteraction follow = assertInstanceOf(MappedMessage.AsInteraction.class, PUBLIC.map(REAL.get(0)));
    assertEquals(new Interaction.Follow(iid("@xG7SunE8Z8Zmzc+XTj5pVF0CBZKCx0g1zZu6x5Jl6K4=.ed25519")), follow.interaction());
    long follows = REAL.stream().map(PUBLIC::map).filter(x -> x instanceof MappedMessage.AsInteraction ai
        && ai.interaction() instanceof Interaction.Follow).count();
    assertEquals(8, follows);
  }

  @Test
  void privateMessagesAndUnknownTypesAreDocuments() {
    List<MappedMessage.AsDocument> docs = REAL.stream().map(PUBLIC::map)
        .filter(x -> x instanceof MappedMessage.AsDocument).map(x -> (MappedMessage.AsDocument) x).toList();
    assertEquals(List.of("", "", "", "", "npm-packages", "pub"),
        docs.stream().map(MappedMessage.AsDocument::type).sorted().toList());
    // With someone's key (not a recipient) the boxes still do not open.
    SsbMapper stranger = SsbMapper.forLocal(SsbKeyPair.generate());
    assertEquals(4, REAL.stream().filter(SsbMessage::isBoxed).map(stranger::map)
        .filter(x -> x instanceof MappedMessage.AsDocument d && d.why().contains("not for the local key")).count());
  }

  private static FeedPublisher publisher(SsbKeyPair keys) {
    return FeedPublisher.builder().signer(keys.signer())
        .clock(InstantSource.fixed(Instant.parse("2024-05-01T10:00:00Z"))).build();
  }

  @Test
  void privateMessageForTheLocalKeyIsADirectPost() {
    SsbKeyPair me = SsbKeyPair.generate();
    SsbKeyPair bob = SsbKeyPair.generate();
    JsonObject content = JsonObject.builder().put("type", "post").put("text", "just us")
        .put("recps", JsonArray.of(JsonValue.of(me.id().toString()), JsonObject.builder().put("link", bob.id().toString())
            .put("name", "bob").build())).build();
    SsbMessage m = publisher(me).publish(JsonValue.of(BoxedContent.box(content, List.of(me.id(), bob.id()))));
    for (SsbKeyPair reader : List.of(me, bob)) {
      Post p = assertInstanceOf(MappedMessage.AsPost.class, SsbMapper.forLocal(reader).map(m)).post();
      assertEquals(Visibility.DIRECT, p.visibility());
      assertEquals(List.of(iid(me.id().toString()), iid(bob.id().toString())), p.directRecipients());
      assertEquals("just us", p.content().source());
      assertEquals(Instant.parse("2024-05-01T10:00:00Z"), p.createdAt());
      JsonObject kv = (JsonObject) JsonParser.DEFAULT.parse(p.nativeDocument().orElseThrow().text());
      JsonObject value = (JsonObject) kv.get("value").orElseThrow();
      assertEquals(content, value.get("content").orElseThrow());
      assertEquals(m.content(), value.get("cyphertext").orElseThrow());
    }
    assertInstanceOf(MappedMessage.AsDocument.class, SsbMapper.forLocal(SsbKeyPair.generate()).map(m));
    assertInstanceOf(MappedMessage.AsDocument.class, PUBLIC.map(m));
  }

  @Test
  void aboutSetsProfileFields() {
    SsbKeyPair me = SsbKeyPair.generate();
    String blob = "&" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ".sha256";
    JsonObject about = JsonObject.builder().put("type", "about").put("about", me.id().toString())
        .put("name", "Alice\u0007").put("description", "hi *there*").put("image", JsonObject.builder()
            .put("link", blob).put("size", 10).build()).build();
    MappedMessage.AsAbout a = assertInstanceOf(MappedMessage.AsAbout.class, PUBLIC.map(publisher(me).publish(about)));
    assertEquals(iid(me.id().toString()), a.update().subject());
    assertEquals(Optional.of("Alice"), a.update().name(), "control characters are dropped");
    assertEquals("hi *there*", a.update().description().orElseThrow().source());
    assertEquals(Optional.of(URI.create(social.kith.ssb.BlobId.parse(blob).toUri())), a.update().image());
    Identity before = Identity.builder(iid(me.id().toString())).displayName("old").build();
    Identity after = a.update().applyTo(before);
    assertEquals("Alice", after.displayName());
    assertEquals(a.update().image(), after.avatar());
    assertEquals("Alice", a.update().toIdentity().displayName());
    // about something that is not a feed (e.g. a gathering) stays a document.
    JsonObject gathering = JsonObject.builder().put("type", "about").put("about", "%" + blob.substring(1)).put("title", "x").build();
    assertInstanceOf(MappedMessage.AsDocument.class, PUBLIC.map(publisher(me).publish(gathering)));
  }

  @Test
  void unlikeUnblockAndOddContentAreKeptAsDocumentsOrCleaned() {
    SsbKeyPair me = SsbKeyPair.generate();
    FeedPublisher pub = publisher(me);
    String target = REAL.get(2).id().toString();
    JsonObject unlike = JsonObject.builder().put("type", "vote").put("vote", JsonObject.builder().put("link", target)
        .put("value", 0).put("expression", "Unlike").build()).build();
    assertTrue(((MappedMessage.AsDocument) PUBLIC.map(pub.publish(unlike))).why().contains("unlike"));
    JsonObject unblock = JsonObject.builder().put("type", "contact").put("contact", me.id().toString())
        .put("blocking", false).build();
    assertInstanceOf(MappedMessage.AsDocument.class, PUBLIC.map(pub.publish(unblock)));
    JsonObject block = JsonObject.builder().put("type", "contact").put("contact", me.id().toString())
        .put("blocking", true).put("following", true).build();
    assertEquals(new Interaction.Block(iid(me.id().toString())),
        ((MappedMessage.AsInteraction) PUBLIC.map(pub.publish(block))).interaction());
    JsonObject odd = JsonObject.builder().put("type", "post").put("text", "a\u0000b <script>x</script>")
        .put("mentions", JsonArray.of(JsonValue.of(3), JsonObject.builder().put("link", 7).build(),
            JsonObject.builder().put("link", "#Two Words!").build()))
        .put("channel", JsonValue.of(5)).put("root", "not an id").put("branch", JsonArray.of(JsonValue.of(1))).build();
    Post p = ((MappedMessage.AsPost) PUBLIC.map(pub.publish(odd))).post();
    assertEquals("ab <script>x</script>", p.content().source());
    assertTrue(!p.content().html().contains("<script"), p.content().html());
    assertEquals(List.of("twowords"), p.hashtags());
    assertEquals(Optional.empty(), p.inReplyTo());
  }

  @Test
  void draftsAndInteractionsWriteContentThatMapsBack() {
    SsbKeyPair me = SsbKeyPair.generate();
    SsbKeyPair bob = SsbKeyPair.generate();
    FeedPublisher pub = publisher(me);
    PostId parent = pid(REAL.get(107).id().toString());
    PostId root = pid("%u79LEOEJdYbs/up15Kn2LVixKw+5a9KqXDkeilv8wc4=.sha256");
    PostDraft draft = PostDraft.builder().text("hello **bob**").hashtag("kith").inReplyTo(parent)
        .mention(Mention.of(iid(bob.id().toString()), "@bob")).contentWarning("spoilers").build();
    JsonObject content = SsbContentWriter.post(draft, Optional.of(root));
    assertEquals("post", ((JsonString) content.get("type").orElseThrow()).value());
    Post back = ((MappedMessage.AsPost) PUBLIC.map(pub.publish(content))).post();
    assertEquals("hello **bob**", back.content().source());
    assertEquals(List.of("kith"), back.hashtags());
    assertEquals(draft.mentions(), back.mentions());
    assertEquals(Optional.of(parent), back.inReplyTo());
    assertEquals(Optional.of(root), back.threadRoot());
    assertEquals(Optional.of("spoilers"), back.contentWarning());

    Function<Interaction, Interaction> roundTrip = i ->
        ((MappedMessage.AsInteraction) PUBLIC.map(pub.publish(SsbContentWriter.interaction(i)))).interaction();
    IdentityId bobId = iid(bob.id().toString());
    for (Interaction i : List.of(Interaction.Like.of(parent), Interaction.Like.reaction(parent, "\ud83c\udf89"),
        new Interaction.Follow(bobId), new Interaction.Unfollow(bobId), new Interaction.Block(bobId))) {
      assertEquals(i, roundTrip.apply(i));
    }
    KithException share = assertThrows(KithException.class, () -> SsbContentWriter.interaction(new Interaction.Share(parent)));
    assertEquals(ErrorCode.Standard.UNSUPPORTED, share.code());
    PostDraft followers = PostDraft.builder().text("x").visibility(Visibility.FOLLOWERS).build();
    assertEquals(ErrorCode.Standard.UNSUPPORTED,
        assertThrows(KithException.class, () -> SsbContentWriter.post(followers, Optional.empty())).code());
  }

  @Test
  void directDraftWritesRecpsThatBoxAndMapBackAsDirect() {
    SsbKeyPair me = SsbKeyPair.generate();
    SsbKeyPair bob = SsbKeyPair.generate();
    PostDraft draft = PostDraft.builder().text("psst").visibility(Visibility.DIRECT)
        .directRecipient(iid(me.id().toString())).directRecipient(iid(bob.id().toString())).build();
    JsonObject content = SsbContentWriter.post(draft, Optional.empty());
    String boxed = BoxedContent.box(content, List.of(me.id(), bob.id()));
    Post p = ((MappedMessage.AsPost) SsbMapper.forLocal(bob).map(publisher(me).publish(JsonValue.of(boxed)))).post();
    assertEquals(Visibility.DIRECT, p.visibility());
    assertEquals(draft.directRecipients(), p.directRecipients());
    assertEquals(Content.plain("psst").source(), p.content().source());
    assertEquals("psst", p.content().plainText());
  }
}
