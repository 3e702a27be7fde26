package social.kith.activitypub.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/** Builds actor and key documents for tests. */
final class Actors {
  private Actors() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final RsaPrivateKey KEY = RsaKeys.generate(2048);
  static final RsaPrivateKey OTHER_KEY = RsaKeys.generate(2048);
  static final String PEM = Pem.writeSpki(KEY.verifyingKey());
  static final String OTHER_PEM = Pem.writeSpki(OTHER_KEY.verifyingKey());

  /** A Mastodon-shaped Person at {@code base + path} with key {@code #main-key}. */
  static ObjectNode person(String base, String path) {
    String id = base + path;
    ObjectNode a = JSON.createObjectNode();
    a.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
    a.put("id", id);
    a.put("type", "Person");
    a.put("preferredUsername", path.substring(path.lastIndexOf('/') + 1));
    a.put("name", "Test Person");
    a.put("inbox", id + "/inbox");
    a.put("outbox", id + "/outbox");
    a.put("followers", id + "/followers");
    a.putObject("endpoints").put("sharedInbox", base + "/inbox");
    a.set("publicKey", key(id + "#main-key", id, PEM));
    return a;
  }

  static ObjectNode key(String id, String owner, String pem) {
    ObjectNode k = JSON.createObjectNode();
    k.put("id", id);
    k.put("owner", owner);
    k.put("publicKeyPem", pem);
    return k;
  }

  static ArrayNode array(ObjectNode... nodes) {
    ArrayNode a = JSON.createArrayNode();
    for (ObjectNode n : nodes) {
      a.add(n);
    }
    return a;
  }
}
