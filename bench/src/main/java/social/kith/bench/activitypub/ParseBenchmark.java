package social.kith.bench.activitypub;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.AsParser;
import social.kith.activitypub.vocab.MappedActivity;

/**
 * Receiving a post: parse a ~2.8 KiB Mastodon {@code Create{Note}} (context array with inline terms,
 * a mention, a hashtag, a custom emoji, an image attachment, {@code contentMap} and an LD signature)
 * and map it to the neutral model. {@code parse} alone shows the share of the JSON reader.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParseBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {
  /** Shaped like what Mastodon 4.x delivers; ids and text are invented. */
  static final String CREATE_NOTE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",\
      {"ostatus":"http://ostatus.org#","atomUri":"ostatus:atomUri","inReplyToAtomUri":"ostatus:inReplyToAtomUri",\
      "conversation":"ostatus:conversation","sensitive":"as:sensitive","toot":"http://joinmastodon.org/ns#",\
      "votersCount":"toot:votersCount","Hashtag":"as:Hashtag","Emoji":"toot:Emoji","focalPoint":\
      {"@container":"@list","@id":"toot:focalPoint"},"blurhash":"toot:blurhash"}],\
      "id":"https://social.example/users/alice/statuses/112233445566778899/activity","type":"Create",\
      "actor":"https://social.example/users/alice","published":"2024-03-14T09:26:53Z",\
      "to":["https://www.w3.org/ns/activitystreams#Public"],\
      "cc":["https://social.example/users/alice/followers","https://other.example/users/bob"],\
      "object":{"id":"https://social.example/users/alice/statuses/112233445566778899","type":"Note",\
      "summary":null,"inReplyTo":"https://other.example/users/bob/statuses/998877","published":"2024-03-14T09:26:53Z",\
      "url":"https://social.example/@alice/112233445566778899","attributedTo":"https://social.example/users/alice",\
      "to":["https://www.w3.org/ns/activitystreams#Public"],\
      "cc":["https://social.example/users/alice/followers","https://other.example/users/bob"],"sensitive":false,\
      "conversation":"tag:other.example,2024-03-14:objectId=5544332:objectType=Conversation",\
      "content":"<p><span class=\\"h-card\\"><a href=\\"https://other.example/@bob\\" class=\\"u-url mention\\">@<span>bob</span></a></span> the new release is out :blobcat: <a href=\\"https://social.example/tags/kith\\" class=\\"mention hashtag\\" rel=\\"tag\\">#<span>kith</span></a></p>",\
      "contentMap":{"en":"<p><span class=\\"h-card\\"><a href=\\"https://other.example/@bob\\" class=\\"u-url mention\\">@<span>bob</span></a></span> the new release is out :blobcat: <a href=\\"https://social.example/tags/kith\\" class=\\"mention hashtag\\" rel=\\"tag\\">#<span>kith</span></a></p>"},\
      "attachment":[{"type":"Document","mediaType":"image/png","url":"https://files.social.example/media/1/original.png",\
      "name":"A screenshot of the release notes","blurhash":"UDQ0XJ%MD%Rj~qj[t7WB?bWBD%j[t7fQRjay","width":1200,"height":800}],\
      "tag":[{"type":"Mention","href":"https://other.example/users/bob","name":"@bob@other.example"},\
      {"type":"Hashtag","href":"https://social.example/tags/kith","name":"#kith"},\
      {"id":"https://social.example/emojis/42","type":"Emoji","name":":blobcat:","updated":"2023-01-01T00:00:00Z",\
      "icon":{"type":"Image","mediaType":"image/png","url":"https://files.social.example/emoji/blobcat.png"}}]},\
      "signature":{"type":"RsaSignature2017","creator":"https://social.example/users/alice#main-key",\
      "created":"2024-03-14T09:26:54Z","signatureValue":"bW9jayBzaWduYXR1cmUgdmFsdWUgZm9yIGJlbmNobWFya2luZyBvbmx5"}}
      """;

  private byte[] document;

  @Setup
  public void setup() {
    document = CREATE_NOTE.getBytes(StandardCharsets.UTF_8);
    MappedActivity check = ApMapper.DEFAULT.activity(AsParser.DEFAULT.parse(document));
    if (check.post().isEmpty() || check.post().get().post().mentions().size() != 1
        || check.post().get().emoji().size() != 1 || check.post().get().post().attachments().size() != 1) {
      throw new IllegalStateException("the benchmark document does not map as expected");
    }
  }

  /** Parse and map, as an inbox does for every delivery. */
  @Benchmark
  public MappedActivity parseAndMap() {
    return ApMapper.DEFAULT.activity(AsParser.DEFAULT.parse(document));
  }

  /** Parse only. */
  @Benchmark
  public AsObject parse() {
    return AsParser.DEFAULT.parse(document);
  }
}
