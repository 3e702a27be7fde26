package social.kith.activitypub.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.activitypub.vocab.AsObject;
import social.kith.activitypub.vocab.AsParser;
import social.kith.core.ErrorCode;
import social.kith.core.InvalidInputException;

/**
 * Fetches a document from its own origin, for what the inbox must not take on trust: an embedded
 * object from another origin (checklist item 23) and the target of a {@code Move}.
 * {@link #of(RemoteFetcher)} uses the fetch module (SSRF guard, size cap, deadline, id equals the
 * final URL).
 */
@FunctionalInterface
public interface DocumentFetcher {
  /**
   * The document whose id is {@code id}.
   *
   * @throws social.kith.core.KithException if it cannot be fetched or is not what was asked for
   */
  AsObject fetch(URI id);

  /** The fetch module's fetcher. */
  static DocumentFetcher of(RemoteFetcher fetcher) {
    ObjectMapper json = new ObjectMapper();
    return id -> {
      try {
        return AsParser.DEFAULT.parse(json.writeValueAsBytes(fetcher.fetchActivity(id).json()));
      } catch (JsonProcessingException e) {
        throw new InvalidInputException(ErrorCode.Standard.INVALID_INPUT, "cannot re-encode " + id);
      }
    };
  }
}
