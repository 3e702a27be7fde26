package social.kith.activitypub.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import social.kith.core.model.IdentityId;
import social.kith.core.model.Interaction;
import social.kith.core.model.Post;
import social.kith.core.model.PostId;
import social.kith.core.model.Protocol;
import social.kith.core.model.Visibility;

final class ApMapperTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private static final ApMapper MAPPER = ApMapper.withClock(InstantSource.fixed(NOW));
  private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  private static AsObject parse(String json) {
    return AsParser.DEFAULT.parse(json.replace('\'', '"'));
  }

  private static Post post(String json) {
    return MAPPER.post(parse(json)).post();
  }

  private static MappedActivity activity(String json) {
    return MAPPER.activity(parse(json));
  }

  private static String note(String extra) {
    return "{'type':'Note','id':'https://a.example/n/1','attributedTo':'https://a.example/u/alice',"
        + "'published':'2024-01-02T03:04:05Z','content':'<p>hi <b>there</b></p>'" + extra + "}";
  }

  @Test
  void visibilityFollowsTheAddressing() {
    assertEquals(Visibility.PUBLIC, post(note(",'to':'" + PUBLIC + "'")).visibility());
    assertEquals(Visibility.PUBLIC, post(note(",'to':['as:Public']")).visibility());
    assertEquals(Visibility.UNLISTED,
        post(note(",'to':['https://a.example/u/alice/followers'],'cc':['" + PUBLIC + "']")).visibility());
    assertEquals(Visibility.FOLLOWERS, post(note(",'to':['https://a.example/u/alice/followers']")).visibility());
    assertEquals(Visibility.FOLLOWERS, post(note(",'to':['https://hub.example/followers/mario']")).visibility());
    assertEquals(Visibility.FOLLOWERS, post("{'type':'Note','id':'https://a.example/n/1','content':'x',"
        + "'attributedTo':{'type':'Person','id':'https://a.example/u/alice','followers':'https://a.example/f/9'},"
        + "'to':'https://a.example/f/9'}").visibility());
    Post direct = post(note(",'to':'https://b.example/u/bob','cc':['https://c.example/u/carol','https://b.example/u/bob']"));
    assertEquals(Visibility.DIRECT, direct.visibility());
    assertEquals(List.of(IdentityId.of(Protocol.ACTIVITYPUB, "https://b.example/u/bob"),
        IdentityId.of(Protocol.ACTIVITYPUB, "https://c.example/u/carol")), direct.directRecipients());
    assertEquals(Visibility.UNLISTED, post(note("")).visibility(), "no addressing at all");
  }

  @Test
  void aPostWithoutAddressingTakesTheActivitysAddressing() {
    MappedActivity a = activity("{'type':'Create','id':'https://a.example/c/1','actor':'https://a.example/u/alice',"
        + "'to':['" + PUBLIC + "'],'published':'2020-01-01T00:00:00Z','object':{'type':'Note','id':'https://a.example/n/1','content':'x'}}");
    Post p = a.post().orElseThrow().post();
    assertEquals(Visibility.PUBLIC, p.visibility());
    assertEquals("https://a.example/u/alice", p.author().value(), "the author falls back to the actor");
    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), p.createdAt(), "and the time to the activity's");
  }

  @Test
  void textContentWarningAndLanguage() {
    Post p = post(note(",'summary':'spoilers &amp; more','sensitive':true,'contentMap':{'de':'<p>hi <b>there</b></p>'}"));
    assertEquals("hi there", p.content().plainText());
    assertEquals("<p>hi <b>there</b></p>", p.content().html());
    assertEquals(Optional.of("spoilers & more"), p.contentWarning());
    assertTrue(p.sensitive());
    assertEquals(Optional.of("de"), p.language());
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"), p.createdAt());

    Post article = post("{'type':'Article','id':'https://a.example/a/1','attributedTo':'https://a.example/u',"
        + "'name':'Title','summary':'An abstract','content':'<p>Body</p>'}");
    assertEquals(Optional.empty(), article.contentWarning(), "an article's summary is an abstract");

    Post onlyMap = post("{'type':'Note','id':'https://a.example/n/2','attributedTo':'https://a.example/u',"
        + "'contentMap':{'ja':'こんにちは'},'published':'2023-10-30T12:44:35+0000'}");
    assertEquals("こんにちは", onlyMap.content().plainText());
    assertEquals(Optional.of("ja"), onlyMap.language());
    assertEquals(Instant.parse("2023-10-30T12:44:35Z"), onlyMap.createdAt(), "+0000 without colon");

    Post und = post("{'@context':['https://www.w3.org/ns/activitystreams',{'@language':'und'}],'type':'Note',"
        + "'id':'https://a.example/n/3','attributedTo':'https://a.example/u','content':'x'}");
    assertEquals(Optional.empty(), und.language(), "und is no language");
    assertEquals(NOW, und.createdAt(), "no published: the mapper's clock");
  }

  @Test
  void sourceMarkdownAndControlCharacters() {
    Post md = post("{'type':'Note','id':'https://l.example/c/1','attributedTo':'https://l.example/u/a',"
        + "'content':'<p><strong>bold</strong></p>','mediaType':'text/html','source':{'content':'**bold**','mediaType':'text/markdown'}}");
    assertEquals("**bold**", md.content().source());
    assertEquals("text/markdown", md.content().mediaType());
    assertEquals("bold", md.content().plainText());

    Post peertube = post("{'type':'Video','id':'https://p.example/v/1','attributedTo':'https://p.example/a/x',"
        + "'name':'A video','content':'Line *one*','mediaType':'text/markdown'}");
    assertEquals("Line *one*", peertube.content().plainText());

    Post ctl = post(note("").replace("<p>hi <b>there</b></p>", "a\\u0000b\\u0007c"));
    assertEquals("abc", ctl.content().plainText());
  }

  @Test
  void tagsAttachmentsAndPrefixedKeys() {
    MappedPost m = MAPPER.post(parse("{'@context':['https://www.w3.org/ns/activitystreams',"
        + "{'toot':'http://joinmastodon.org/ns#','Emoji':'toot:Emoji','nsfw':'as:sensitive'}],"
        + "'type':'Note','id':'https://a.example/n/1','attributedTo':'https://a.example/u','content':'x :blob:',"
        + "'nsfw':true,"
        + "'tag':[{'type':'Mention','href':'https://b.example/u/bob','name':'@bob@b.example'},"
        + "{'type':'Mention','href':'https://h.example/c/w','name':'@wakest ⁂'},"
        + "{'type':'Hashtag','href':'https://a.example/tags/x','name':'#Kith'},"
        + "{'type':'Hashtag','name':'#two words'},"
        + "{'type':'toot:Emoji','name':':blob:','icon':{'type':'Image','mediaType':'image/png','url':'https://a.example/e.png'}}],"
        + "'attachment':[{'type':'Document','mediaType':'image/jpeg','url':'https://a.example/m/1.jpg','name':'a cat',"
        + "'width':640,'height':480,'blurhash':'UBL_:rOpGG-o'},"
        + "{'type':'Document','url':'javascript:alert(1)'},"
        + "{'type':'Audio','url':[{'type':'Link','href':'https://f.example/a.ogg','mimeType':'audio/ogg'}]}]}"));
    Post p = m.post();
    assertTrue(p.sensitive(), "an aliased as:sensitive is read");
    assertEquals(2, p.mentions().size());
    assertEquals(Optional.of("@bob@b.example"), p.mentions().get(0).handle());
    assertEquals(Optional.empty(), p.mentions().get(1).handle(), "a name with spaces is no handle");
    assertEquals("@wakest ⁂", p.mentions().get(1).display());
    assertEquals(List.of("Kith"), p.hashtags());
    assertEquals(1, m.emoji().size());
    assertEquals("blob", m.emoji().get(0).shortcode());
    assertEquals("https://a.example/e.png", m.emoji().get(0).icon().orElseThrow().toString());
    assertEquals(2, p.attachments().size(), "the javascript: attachment is dropped");
    assertEquals("a cat", p.attachments().get(0).altText());
    assertEquals(640, p.attachments().get(0).width().getAsInt());
    assertEquals(Optional.of("UBL_:rOpGG-o"), p.attachments().get(0).blurhash());
    assertEquals("audio/ogg", p.attachments().get(1).mediaType(), "Funkwhale's mimeType");
  }

  @Test
  void aSingleTagObjectAndStringAddressingAreRead() {
    Post p = post(note(",'to':'https://b.example/u/bob','tag':{'type':'Mention','href':'https://b.example/u/bob','name':'@bob'}"));
    assertEquals(1, p.mentions().size());
    assertEquals(Visibility.DIRECT, p.visibility());
  }

  @Test
  void repliesThreadsQuotesAndPolls() {
    MappedPost m = MAPPER.post(parse(note(",'inReplyTo':{'type':'Note','id':'https://b.example/n/0'},"
        + "'context':'https://a.example/contexts/42','_misskey_quote':'https://m.example/notes/q'")));
    assertEquals(Optional.of(PostId.of(Protocol.ACTIVITYPUB, "https://b.example/n/0")), m.post().inReplyTo());
    assertEquals(Optional.of(PostId.of(Protocol.ACTIVITYPUB, "https://a.example/contexts/42")), m.post().threadRoot());
    assertEquals(Optional.of("https://m.example/notes/q"), m.quote());

    MappedPost fep = MAPPER.post(parse(note(",'tag':[{'type':'Link','mediaType':"
        + "'application/ld+json; profile=\\'https://www.w3.org/ns/activitystreams\\'','href':'https://q.example/n/9'}]")
        .replace("\\'", "\\\"")));
    assertEquals(Optional.of("https://q.example/n/9"), fep.quote());

    MappedPost q = MAPPER.post(parse("{'type':'Question','id':'https://a.example/q/1','attributedTo':'https://a.example/u',"
        + "'content':'pick','anyOf':[{'type':'Note','name':'a','replies':{'type':'Collection','totalItems':3}},"
        + "{'type':'Note','name':'b'}],'votersCount':3,'endTime':'2024-06-01T00:00:00Z'}"));
    Poll poll = q.poll().orElseThrow();
    assertTrue(poll.multipleChoice());
    assertEquals(2, poll.options().size());
    assertEquals(3, poll.options().get(0).votes().getAsLong());
    assertEquals(3, poll.votersCount().getAsLong());
  }

  @Test
  void activitiesMapToInteractions() {
    String actor = "'actor':'https://a.example/u/alice'";
    MappedActivity like = activity("{'type':'Like'," + actor + ",'object':'https://b.example/n/1'}");
    assertEquals(Optional.of(Interaction.Like.of(PostId.of(Protocol.ACTIVITYPUB, "https://b.example/n/1"))), like.interaction());
    MappedActivity react = activity("{'type':'EmojiReact'," + actor + ",'object':'https://b.example/n/1','content':'🎉'}");
    assertEquals(Optional.of("🎉"), react.interaction().map(i -> ((Interaction.Like) i).reaction().orElseThrow()));
    MappedActivity misskey = activity("{'type':'Like'," + actor + ",'object':'https://b.example/n/1','_misskey_reaction':':blob:'}");
    assertEquals(Optional.of(":blob:"), misskey.reaction());
    MappedActivity tooLong = activity("{'type':'EmojiReact'," + actor + ",'object':'https://b.example/n/1','content':'"
        + "x".repeat(200) + "'}");
    assertTrue(tooLong.interaction().isEmpty());
    assertEquals(1, tooLong.warnings().size());

    assertTrue(activity("{'type':'Announce'," + actor + ",'object':'https://b.example/n/1'}").interaction().orElseThrow()
        instanceof Interaction.Share);
    MappedActivity relay = activity("{'type':'Announce','actor':'https://l.example/c/main','object':{'type':'Create','id':'https://l.example/a/1',"
        + "'actor':'https://l.example/u/x','object':{'type':'Page','id':'https://l.example/p/1','attributedTo':'https://l.example/u/x','name':'T'}}}");
    assertTrue(relay.interaction().isEmpty(), "a community relaying an activity is not a boost");
    assertEquals(List.of("Announce", "Create", "Page"), relay.chain());
    assertEquals("T", relay.post().orElseThrow().post().content().plainText());

    assertEquals(Optional.of(new Interaction.Follow(IdentityId.of(Protocol.ACTIVITYPUB, "https://b.example/u/bob"))),
        activity("{'type':'Follow'," + actor + ",'object':'https://b.example/u/bob'}").interaction());
    MappedActivity unfollow = activity("{'type':'Undo'," + actor + ",'object':{'type':'Follow'," + actor
        + ",'object':'https://b.example/u/bob'}}");
    assertEquals(Optional.of(new Interaction.Unfollow(IdentityId.of(Protocol.ACTIVITYPUB, "https://b.example/u/bob"))),
        unfollow.interaction());
    assertEquals(List.of("Undo", "Follow", "ref"), unfollow.chain());
    assertTrue(activity("{'type':'Undo'," + actor + ",'object':{'type':'Like','object':'https://b.example/n/1'}}")
        .interaction().isEmpty(), "the neutral model has no unlike");
    assertTrue(activity("{'type':'Block'," + actor + ",'object':'https://b.example/u/bob'}").interaction().orElseThrow()
        instanceof Interaction.Block);
    assertEquals(Optional.of(new Interaction.Delete(PostId.of(Protocol.ACTIVITYPUB, "https://a.example/n/1"))),
        activity("{'type':'Delete'," + actor + ",'object':{'type':'Tombstone','id':'https://a.example/n/1'}}").interaction());
    assertTrue(activity("{'type':'Delete'," + actor + ",'object':'https://a.example/u/alice'}").interaction().isEmpty(),
        "an actor deleting itself is not a post deletion");
    MappedActivity flag = activity("{'type':'Flag'," + actor + ",'object':['https://b.example/u/bob','https://b.example/n/1']}");
    assertEquals(List.of("Flag", "list"), flag.chain());
    assertTrue(flag.interaction().isEmpty());
  }

  @Test
  void actorsMapToIdentities() {
    MappedActor m = MAPPER.actor(parse("{'@context':['https://www.w3.org/ns/activitystreams',{'schema':'http://schema.org#',"
        + "'PropertyValue':'schema:PropertyValue','value':'schema:value'}],'type':'Person','id':'https://a.example/users/alice',"
        + "'preferredUsername':'alice','name':'Alice\\u0000','summary':'<p>bio<script>x</script></p>','inbox':'https://a.example/users/alice/inbox',"
        + "'endpoints':{'sharedInbox':'https://a.example/inbox'},'icon':{'type':'Image','url':'https://a.example/a.png'},"
        + "'manuallyApprovesFollowers':true,'toot:discoverable':true,'movedTo':'https://b.example/users/alice',"
        + "'attachment':[{'type':'PropertyValue','name':'Site','value':'<a href=\\'https://x.example\\'>x</a>'},{'type':'Image','url':'https://a.example/i.png'}],"
        + "'publicKey':{'id':'https://a.example/users/alice#main-key','owner':'https://a.example/users/alice','publicKeyPem':'-----BEGIN PUBLIC KEY-----'}}"
        .replace("\\'", "\\\"")));
    assertEquals(Optional.of("@alice@a.example"), m.identity().handle());
    assertEquals("Alice", m.identity().displayName());
    assertEquals("<p>bio</p>", m.identity().bio().html());
    assertEquals("https://a.example/a.png", m.identity().avatar().orElseThrow().toString());
    assertEquals(Optional.of("https://a.example/inbox"), m.sharedInbox());
    assertTrue(m.manuallyApprovesFollowers());
    assertTrue(m.discoverable(), "toot:discoverable is read without a declared prefix");
    assertEquals(Optional.of("https://b.example/users/alice"), m.movedTo());
    assertEquals(1, m.fields().size());
    assertEquals(2, m.attachmentCount());
    assertEquals("https://a.example/users/alice#main-key", m.keys().get(0).id());
  }

  @Test
  void theWrongKindOrMissingFieldsGiveTypedErrors() {
    assertEquals(VocabError.NOT_MAPPABLE, assertThrows(VocabException.class,
        () -> MAPPER.post(parse("{'type':'Like','actor':'https://a.example/u'}"))).error());
    assertEquals(VocabError.NOT_MAPPABLE, assertThrows(VocabException.class,
        () -> MAPPER.actor(parse(note("")))).error());
    assertEquals(VocabError.MISSING_PROPERTY, assertThrows(VocabException.class,
        () -> MAPPER.post(parse("{'type':'Note','id':'https://a.example/n/1','content':'x'}"))).error());
    assertEquals(VocabError.MISSING_PROPERTY, assertThrows(VocabException.class,
        () -> MAPPER.activity(parse("{'type':'Like','object':'https://a.example/n/1'}"))).error());
    assertEquals(VocabError.INVALID_PROPERTY, assertThrows(VocabException.class,
        () -> MAPPER.post(parse("{'type':'Note','id':'has space','attributedTo':'https://a.example/u'}"))).error());
    assertTrue(MAPPER.map(parse("{'type':'OrderedCollection','id':'https://a.example/c'}")) instanceof Mapped.Other);
  }

  @Test
  void anAnonymousPostGetsAStableDerivedId() {
    String vote = "{'type':'Note','name':'Option 1','inReplyTo':'https://b.example/q/1','attributedTo':'https://a.example/u'}";
    MappedPost a = MAPPER.post(parse(vote));
    assertTrue(a.anonymous());
    assertTrue(a.post().id().value().startsWith("urn:kith:transient:sha256:"));
    assertEquals(a.post().id(), MAPPER.post(parse(vote)).post().id());
    assertEquals("Option 1", a.post().content().plainText());
    assertFalse(MAPPER.post(parse(note(""))).anonymous());
  }

  @Test
  void overLimitPostsAreRefused() {
    StringBuilder atts = new StringBuilder();
    for (int i = 0; i <= Post.MAX_ATTACHMENTS; i++) {
      atts.append(i == 0 ? "" : ",").append("{'type':'Document','url':'https://a.example/m/").append(i).append("'}");
    }
    assertEquals(VocabError.MAPPING_LIMIT_EXCEEDED, assertThrows(VocabException.class,
        () -> MAPPER.post(parse(note(",'attachment':[" + atts + "]")))).error());
    StringBuilder opts = new StringBuilder();
    for (int i = 0; i <= Poll.MAX_OPTIONS; i++) {
      opts.append(i == 0 ? "" : ",").append("{'type':'Note','name':'o").append(i).append("'}");
    }
    assertEquals(VocabError.MAPPING_LIMIT_EXCEEDED, assertThrows(VocabException.class,
        () -> MAPPER.post(parse("{'type':'Question','id':'https://a.example/q','attributedTo':'https://a.example/u',"
            + "'oneOf':[" + opts + "]}"))).error());
  }
}
