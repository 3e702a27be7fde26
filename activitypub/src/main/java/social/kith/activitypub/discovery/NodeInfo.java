package social.kith.activitypub.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import social.kith.activitypub.fetch.internal.Json;

/**
 * A NodeInfo document (schemas 1.0, 1.1, 2.0 and 2.1): what software a server runs and which
 * protocols it speaks. Parsed strictly against the schema's types ({@link DiscoveryError#INVALID_NODEINFO}
 * for a count that is not a non-negative integer, a protocol list of the wrong shape, a missing
 * software name); 1.x's {@code protocols: {inbound, outbound}} is read as the union of both lists.
 *
 * @param version the schema version
 * @param softwareName {@code software.name}
 * @param softwareVersion {@code software.version}
 * @param protocols {@code protocols}
 * @param openRegistrations {@code openRegistrations}
 * @param users {@code usage.users.total}, if given
 * @param activeMonth {@code usage.users.activeMonth}, if given
 * @param activeHalfyear {@code usage.users.activeHalfyear}, if given
 * @param localPosts {@code usage.localPosts}, if given
 * @param metadata {@code metadata} (free-form), a copy per call
 */
public record NodeInfo(String version, String softwareName, String softwareVersion, List<String> protocols,
    boolean openRegistrations, OptionalLong users, OptionalLong activeMonth, OptionalLong activeHalfyear,
    OptionalLong localPosts, ObjectNode metadata) {

  /** The schema versions Kith reads, newest first. */
  public static final List<String> VERSIONS = List.of("2.1", "2.0", "1.1", "1.0");
  /** The most protocols read. */
  public static final int MAX_PROTOCOLS = 64;

  public NodeInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(softwareName, "softwareName");
    Objects.requireNonNull(softwareVersion, "softwareVersion");
    protocols = List.copyOf(protocols);
    metadata = metadata.deepCopy();
  }

  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }

  /** True if the server says it speaks ActivityPub. */
  public boolean speaksActivityPub() {
    return protocols.contains("activitypub");
  }

  /** Parses NodeInfo bytes. */
  public static NodeInfo parse(byte[] json) {
    try {
      return parse(Json.parseObject(json));
    } catch (Json.JsonError e) {
      throw invalid(e.getMessage());
    }
  }

  /** Parses a NodeInfo object. */
  public static NodeInfo parse(ObjectNode o) {
    String version = Json.text(o, "version").orElseThrow(() -> invalid("version is missing or not a string"));
    if (!VERSIONS.contains(version)) {
      throw invalid("unknown NodeInfo version " + version);
    }
    JsonNode software = o.get("software");
    if (software == null || !software.isObject()) {
      throw invalid("software is missing or not an object");
    }
    String name = Json.text(software, "name").filter(s -> !s.isEmpty())
        .orElseThrow(() -> invalid("software.name is missing"));
    String swVersion = Json.text(software, "version").orElseThrow(() -> invalid("software.version is missing"));
    List<String> protocols = protocols(o.get("protocols"), version);
    JsonNode open = o.get("openRegistrations");
    if (open == null || !open.isBoolean()) {
      throw invalid("openRegistrations is missing or not a boolean");
    }
    JsonNode usage = o.get("usage");
    if (usage == null || !usage.isObject()) {
      throw invalid("usage is missing or not an object");
    }
    JsonNode users = usage.get("users");
    if (users != null && !users.isObject()) {
      throw invalid("usage.users is not an object");
    }
    OptionalLong total = count(users, "total", "usage.users.total");
    OptionalLong month = count(users, "activeMonth", "usage.users.activeMonth");
    OptionalLong halfyear = count(users, "activeHalfyear", "usage.users.activeHalfyear");
    OptionalLong posts = count(usage, "localPosts", "usage.localPosts");
    count(usage, "localComments", "usage.localComments");
    JsonNode metadata = o.get("metadata");
    if (metadata != null && !metadata.isObject()) {
      throw invalid("metadata is not an object");
    }
    ObjectNode meta = metadata == null ? o.objectNode() : (ObjectNode) metadata;
    return new NodeInfo(version, name, swVersion, protocols, open.booleanValue(), total, month, halfyear, posts, meta);
  }

  private static List<String> protocols(JsonNode p, String version) {
    List<String> out = new ArrayList<>();
    if (p != null && p.isObject() && version.startsWith("1.")) {
      Set<String> union = new java.util.LinkedHashSet<>();
      for (String dir : List.of("inbound", "outbound")) {
        JsonNode list = p.get(dir);
        if (list == null || !list.isArray()) {
          throw invalid("protocols." + dir + " is missing or not an array");
        }
        union.addAll(strings(list, "protocols." + dir));
      }
      out.addAll(union);
    } else if (p != null && p.isArray()) {
      out.addAll(strings(p, "protocols"));
    } else {
      throw invalid("protocols is missing or not an array");
    }
    if (out.size() > MAX_PROTOCOLS) {
      throw invalid("more than " + MAX_PROTOCOLS + " protocols");
    }
    return out;
  }

  private static List<String> strings(JsonNode array, String what) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : array) {
      if (!e.isTextual()) {
        throw invalid(what + " contains a non-string");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static OptionalLong count(JsonNode parent, String field, String what) {
    if (parent == null) {
      return OptionalLong.empty();
    }
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw invalid(what + " is not a non-negative integer: " + abbreviate(v.toString()));
    }
    return OptionalLong.of(v.asLong());
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** The {@code /.well-known/nodeinfo} discovery document: schema rel to document URL. */
  public static Optional<String> pickLink(ObjectNode wellKnown) {
    JsonNode links = wellKnown.get("links");
    if (links == null || !links.isArray()) {
      throw invalid("the well-known document's links is not an array");
    }
    for (String v : VERSIONS) {
      String rel = "http://nodeinfo.diaspora.software/ns/schema/" + v;
      for (JsonNode l : links) {
        if (!l.isObject()) {
          throw invalid("a well-known link is not an object");
        }
        if (Json.text(l, "rel").map(r -> r.equals(rel)).orElse(false)) {
          Optional<String> href = Json.text(l, "href");
          if (href.isPresent()) {
            return href;
          }
        }
      }
    }
    return Optional.empty();
  }

  static DiscoveryException invalid(String why) {
    return new DiscoveryException(DiscoveryError.INVALID_NODEINFO, why);
  }
}
