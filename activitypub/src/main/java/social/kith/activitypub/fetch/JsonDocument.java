package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import social.kith.activitypub.fetch.internal.Json;

/**
 * A fetched JSON object with where it came from. The tree is the caller's own copy: changing it
 * changes nothing cached.
 *
 * @param requestedUri the URL the caller asked for
 * @param finalUri the URL the document came from after redirects (and after a refetch by id)
 * @param json the document
 */
public record JsonDocument(URI requestedUri, URI finalUri, ObjectNode json) {
  public JsonDocument {
    Objects.requireNonNull(requestedUri, "requestedUri");
    Objects.requireNonNull(finalUri, "finalUri");
    Objects.requireNonNull(json, "json");
  }

  /** The document's {@code id} as an http(s) URI, if it has one. */
  public Optional<URI> id() {
    return Json.idOf(json.get("id"));
  }

  /** True if {@code type} is, or (as an array) contains, one of {@code types}. */
  public boolean hasType(java.util.Set<String> types) {
    JsonNode t = json.get("type");
    if (t == null) {
      return false;
    }
    if (t.isTextual()) {
      return types.contains(t.asText());
    }
    if (t.isArray()) {
      for (JsonNode e : t) {
        if (e.isTextual() && types.contains(e.asText())) {
          return true;
        }
      }
    }
    return false;
  }
}
