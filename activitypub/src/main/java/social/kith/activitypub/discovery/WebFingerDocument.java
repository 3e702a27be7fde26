package social.kith.activitypub.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.fetch.DocumentKind;
import social.kith.activitypub.fetch.internal.Json;

/**
 * A WebFinger JSON Resource Descriptor (RFC 7033 section 4.4), parsed strictly: members of the
 * wrong JSON type are refused with {@link DiscoveryError#INVALID_JRD} rather than guessed at, and
 * at most {@value #MAX_ENTRIES} links, aliases and properties are read.
 *
 * @param subject the {@code subject}, if present
 * @param aliases the {@code aliases}
 * @param properties the {@code properties} (values may be null, as the RFC allows)
 * @param links the {@code links}
 */
public record WebFingerDocument(Optional<String> subject, List<String> aliases, Map<String, String> properties,
    List<Link> links) {
  /** The most links, aliases or properties read from one JRD. */
  public static final int MAX_ENTRIES = 100;

  public WebFingerDocument {
    Objects.requireNonNull(subject, "subject");
    aliases = List.copyOf(aliases);
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    links = List.copyOf(links);
  }

  /**
   * One link of a JRD.
   *
   * @param rel the relation (a registered name such as {@code self}, or a URI)
   * @param type the media type, if given
   * @param href the target, if given
   * @param template an OStatus-style URI template, if given
   */
  public record Link(String rel, Optional<String> type, Optional<String> href, Optional<String> template) {
    public Link {
      Objects.requireNonNull(rel, "rel");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(href, "href");
      Objects.requireNonNull(template, "template");
    }
  }

  /** Parses JRD bytes. */
  public static WebFingerDocument parse(byte[] json) {
    try {
      return parse(Json.parseObject(json));
    } catch (Json.JsonError e) {
      throw invalid(e.getMessage());
    }
  }

  /** Parses a JRD object. */
  public static WebFingerDocument parse(ObjectNode o) {
    Optional<String> subject = optionalString(o, "subject");
    List<String> aliases = new ArrayList<>();
    JsonNode a = o.get("aliases");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        throw invalid("aliases is not an array");
      }
      for (JsonNode e : a) {
        if (!e.isTextual()) {
          throw invalid("an alias is not a string");
        }
        if (aliases.size() < MAX_ENTRIES) {
          aliases.add(e.asText());
        }
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    JsonNode p = o.get("properties");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw invalid("properties is not an object");
      }
      var it = p.fields();
      while (it.hasNext() && properties.size() < MAX_ENTRIES) {
        var f = it.next();
        if (!f.getValue().isTextual() && !f.getValue().isNull()) {
          throw invalid("property " + f.getKey() + " is not a string or null");
        }
        properties.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
      }
    }
    List<Link> links = new ArrayList<>();
    JsonNode l = o.get("links");
    if (l != null && !l.isNull()) {
      if (!l.isArray()) {
        throw invalid("links is not an array");
      }
      for (JsonNode e : l) {
        if (links.size() >= MAX_ENTRIES) {
          break;
        }
        if (!e.isObject()) {
          throw invalid("a link is not an object");
        }
        JsonNode rel = e.get("rel");
        if (rel == null || !rel.isTextual() || rel.asText().isEmpty()) {
          throw invalid("a link has no rel");
        }
        links.add(new Link(rel.asText(), optionalString(e, "type"), optionalString(e, "href"),
            optionalString(e, "template")));
      }
    }
    return new WebFingerDocument(subject, aliases, properties, links);
  }

  private static Optional<String> optionalString(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw invalid(field + " is not a string");
    }
    return Optional.of(v.asText());
  }

  /**
   * The actor URL: the first {@code rel="self"} link whose type is {@code application/activity+json}
   * or {@code application/ld+json} with the ActivityStreams profile, and whose href is an http(s) URL.
   */
  public Optional<URI> actorLink() {
    for (Link link : links) {
      if (link.rel().equals("self") && link.type().map(DocumentKind::isActivityStreams).orElse(false)) {
        Optional<URI> href = link.href().flatMap(Json::httpUri);
        if (href.isPresent()) {
          return href;
        }
      }
    }
    return Optional.empty();
  }

  /** True if the subject or an alias is the {@code acct:} URI of {@code handle}. */
  public boolean names(Handle handle) {
    if (subject.map(handle::isNamedBy).orElse(false)) {
      return true;
    }
    return aliases.stream().anyMatch(handle::isNamedBy);
  }

  private static DiscoveryException invalid(String why) {
    return new DiscoveryException(DiscoveryError.INVALID_JRD, why);
  }
}
