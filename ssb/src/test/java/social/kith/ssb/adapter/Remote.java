package social.kith.ssb.adapter;

import java.time.InstantSource;
import java.util.List;
import social.kith.core.model.IdentityId;
import social.kith.core.model.PostId;
import social.kith.ssb.FeedId;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.box.BoxedContent;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.mapping.SsbMapper;

/** A feed outside the node under test that writes the messages a real SSB client would. */
final class Remote {
  final SsbKeyPair keys = SsbKeyPair.generate();
  private final FeedPublisher publisher;

  Remote(InstantSource clock) {
    this.publisher = FeedPublisher.builder().signer(keys.signer()).clock(clock).build();
  }

  FeedId feed() {
    return keys.id();
  }

  IdentityId id() {
    return SsbMapper.identity(keys.id());
  }

  SsbMessage publish(JsonValue content) {
    return publisher.publish(content);
  }

  SsbMessage post(String text) {
    return publish(JsonObject.builder().put("type", "post").put("text", text).build());
  }

  SsbMessage mention(String text, FeedId who) {
    return publish(JsonObject.builder().put("type", "post").put("text", text)
        .put("mentions", JsonArray.of(JsonObject.builder().put("link", who.toString()).put("name", "you").build())).build());
  }

  SsbMessage reply(String text, PostId root, PostId parent) {
    return publish(JsonObject.builder().put("type", "post").put("text", text)
        .put("root", root.value()).put("branch", parent.value()).build());
  }

  SsbMessage privately(String text, FeedId to) {
    JsonObject content = JsonObject.builder().put("type", "post").put("text", text)
        .put("recps", JsonArray.of(JsonValue.of(keys.id().toString()), JsonValue.of(to.toString()))).build();
    return publish(JsonValue.of(BoxedContent.box(content, List.of(keys.id(), to))));
  }

  SsbMessage vote(PostId target, String expression) {
    return publish(JsonObject.builder().put("type", "vote").put("vote", JsonObject.builder()
        .put("link", target.value()).put("value", 1).put("expression", expression).build()).build());
  }

  SsbMessage contact(FeedId target, String field, boolean value) {
    return publish(JsonObject.builder().put("type", "contact").put("contact", target.toString()).put(field, value).build());
  }

  SsbMessage about(String name) {
    return publish(JsonObject.builder().put("type", "about").put("about", keys.id().toString()).put("name", name).build());
  }
}
