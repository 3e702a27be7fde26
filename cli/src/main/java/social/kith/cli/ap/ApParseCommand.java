package social.kith.cli.ap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import social.kith.activitypub.vocab.ApMapper;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.AsParser;
import social.kith.activitypub.vocab.CustomEmoji;
import social.kith.activitypub.vocab.Mapped;
import social.kith.activitypub.vocab.MappedActivity;
import social.kith.activitypub.vocab.MappedActor;
import social.kith.activitypub.vocab.MappedPost;
import social.kith.activitypub.vocab.Ref;
import social.kith.activitypub.vocab.VocabException;
import social.kith.cli.ExitCode;
import social.kith.core.model.Attachment;
import social.kith.core.model.Mention;
import social.kith.core.model.Post;

/**
 * {@code kith ap parse FILE}: reads one ActivityStreams document, maps it as Kith would on receipt
 * (structure only, no signature or origin checks) and prints one JSON object saying what it read.
 * A document Kith refuses gives one line on stderr with the reason code and exit code 2.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = {"Parse one ActivityStreams JSON document and print what Kith reads from it as one JSON object:",
        "type, id, actor, the chain of embedded types (\"ref\" = bare IRI, \"list\" = array) and, when the",
        "innermost object is a post, the post (author, text, attachments, mentions, hashtags, emoji, warning, language)."},
    footer = {"Limits: 1 MiB, depth 64, 4096 elements per array (see AsParser.Limits). Exit codes: 0 read, 2 refused."})
public final class ApParseCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the JSON document; '-' reads standard input")
  String file;

  @picocli.CommandLine.Option(names = "--json", description = "JSON (the only format; accepted for symmetry with other commands).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AsObject doc;
    Mapped mapped;
    try {
      doc = read();
      mapped = ApMapper.DEFAULT.map(doc);
    } catch (NoSuchFileException e) {
      err.println("kith ap parse: no such file: " + file);
      err.flush();
      return ExitCode.BAD_INPUT;
    } catch (VocabException e) {
      err.println("kith ap parse: " + e.getMessage().replace('\n', ' '));
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    out.println(render(doc, mapped));
    out.flush();
    return ExitCode.OK;
  }

  private AsObject read() throws IOException {
    if (file.equals("-")) {
      return AsParser.DEFAULT.parse(System.in);
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return AsParser.DEFAULT.parse(in);
    }
  }

  /** The summary object; package-visible for tests. */
  static String render(AsObject doc, Mapped mapped) throws JsonProcessingException {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", doc.type().orElse(null));
    o.put("id", doc.id().orElse(null));
    o.put("kind", mapped instanceof MappedActivity ? "activity" : mapped instanceof MappedPost ? "post"
        : mapped instanceof MappedActor ? "actor" : "other");
    String actor;
    if (mapped instanceof MappedActivity a) {
      actor = a.actor().value();
    } else if (mapped instanceof MappedActor a) {
      actor = a.identity().id().value();
    } else {
      actor = doc.attributedTo().stream().map(Ref::id).flatMap(Optional::stream).findFirst().orElse(null);
    }
    o.put("actor", actor);
    ArrayNode chain = o.putArray("chain");
    doc.chain().forEach(chain::add);
    if (mapped instanceof MappedActivity a) {
      o.put("target", a.target().orElse(null));
      o.put("interaction", a.interaction().map(i -> i.getClass().getSimpleName()).orElse(null));
      a.reaction().ifPresent(r -> o.put("reaction", r));
    }
    Optional<MappedPost> post = mapped instanceof MappedPost p ? Optional.of(p)
        : mapped instanceof MappedActivity a ? a.post() : Optional.empty();
    post.ifPresent(p -> o.set("post", post(p)));
    return JSON.writeValueAsString(o);
  }

  private static ObjectNode post(MappedPost m) {
    Post p = m.post();
    ObjectNode o = JSON.createObjectNode();
    o.put("type", m.type());
    o.put("id", p.id().value());
    o.put("anonymous", m.anonymous());
    o.put("author", p.author().value());
    o.put("published", p.createdAt().toString());
    o.put("inReplyTo", p.inReplyTo().map(x -> x.value()).orElse(null));
    o.put("conversation", m.conversation().orElse(null));
    o.put("visibility", p.visibility().name());
    o.put("title", m.title().orElse(null));
    o.put("text", p.content().plainText());
    ArrayNode attachments = o.putArray("attachments");
    for (Attachment a : p.attachments()) {
      ObjectNode x = attachments.addObject();
      x.put("url", a.url().toString());
      x.put("mediaType", a.mediaType());
      x.put("alt", a.altText());
    }
    ArrayNode mentions = o.putArray("mentions");
    for (Mention mention : p.mentions()) {
      ObjectNode x = mentions.addObject();
      x.put("id", mention.id().map(i -> i.value()).orElse(null));
      x.put("name", mention.display());
    }
    ArrayNode hashtags = o.putArray("hashtags");
    p.hashtags().forEach(hashtags::add);
    ArrayNode emoji = o.putArray("emoji");
    for (CustomEmoji e : m.emoji()) {
      ObjectNode x = emoji.addObject();
      x.put("shortcode", e.shortcode());
      x.put("icon", e.icon().map(Object::toString).orElse(null));
    }
    o.put("contentWarning", p.contentWarning().orElse(null));
    o.put("sensitive", p.sensitive());
    o.put("language", p.language().orElse(null));
    o.put("quote", m.quote().orElse(null));
    m.poll().ifPresent(poll -> {
      ArrayNode options = o.putObject("poll").put("multipleChoice", poll.multipleChoice()).putArray("options");
      poll.options().forEach(opt -> options.add(opt.name()));
    });
    return o;
  }
}
