package social.kith.activitypub.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A resolver with scripted answers: per host, a sequence of answers (the last one repeats), so a
 * test can play a rebinding DNS server. Records every lookup. Never touches real DNS.
 */
public final class FakeResolver implements HostResolver {
  private final Map<String, List<List<InetAddress>>> answers = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();

  /** Adds the next answer for {@code host}: the given literal addresses. */
  public synchronized FakeResolver answer(String host, String... addresses) {
    List<InetAddress> list = new ArrayList<>();
    for (String a : addresses) {
      list.add(literal(a));
    }
    answers.computeIfAbsent(host, h -> new ArrayList<>()).add(list);
    return this;
  }

  static InetAddress literal(String a) {
    return AddressPolicy.ipLiteral(a).orElseThrow(() -> new IllegalArgumentException("not a literal: " + a));
  }

  @Override
  public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
    lookups.add(host);
    List<List<InetAddress>> seq = answers.get(host);
    if (seq == null) {
      throw new UnknownHostException(host + " (not scripted in FakeResolver)");
    }
    int n = calls.merge(host, 1, Integer::sum);
    return seq.get(Math.min(n, seq.size()) - 1);
  }

  public List<String> lookups() {
    return List.copyOf(lookups);
  }
}
