package social.kith.core.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import social.kith.core.InvalidInputException;
import social.kith.core.StorageException;
import social.kith.core.internal.Checks;
import social.kith.core.model.IdentityId;

/**
 * A {@link FollowGraph} in memory, <b>for tests and small tools</b>. Holds at most
 * {@code capacity} relations (follows plus blocks); a write beyond that throws
 * {@link StorageException} and changes nothing. Thread-safe (one lock).
 */
public final class InMemoryFollowGraph implements FollowGraph {
  /** The capacity when none is given. */
  public static final int DEFAULT_CAPACITY = 1_000_000;

  private final int capacity;
  private final Map<IdentityId, Set<IdentityId>> following = new HashMap<>();
  private final Map<IdentityId, Set<IdentityId>> followers = new HashMap<>();
  private final Map<IdentityId, Set<IdentityId>> blocks = new HashMap<>();
  private long relations;

  public InMemoryFollowGraph() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryFollowGraph(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  private static void checkPair(IdentityId a, IdentityId b) {
    Checks.present(a, "identity");
    Checks.present(b, "identity");
    if (a.equals(b)) {
      throw new InvalidInputException("an identity cannot follow or block itself");
    }
    if (!a.protocol().equals(b.protocol())) {
      throw new InvalidInputException("follows and blocks stay within one protocol: " + a + " and " + b);
    }
  }

  private void ensureRoom() {
    if (relations >= capacity) {
      throw new StorageException("in-memory follow graph is full (" + capacity + " relations)");
    }
  }

  private static boolean add(Map<IdentityId, Set<IdentityId>> map, IdentityId k, IdentityId v) {
    return map.computeIfAbsent(k, x -> new HashSet<>()).add(v);
  }

  private static boolean remove(Map<IdentityId, Set<IdentityId>> map, IdentityId k, IdentityId v) {
    Set<IdentityId> set = map.get(k);
    if (set == null || !set.remove(v)) {
      return false;
    }
    if (set.isEmpty()) {
      map.remove(k);
    }
    return true;
  }

  private static boolean has(Map<IdentityId, Set<IdentityId>> map, IdentityId k, IdentityId v) {
    Set<IdentityId> set = map.get(k);
    return set != null && set.contains(v);
  }

  @Override
  public synchronized boolean follow(IdentityId follower, IdentityId followee) {
    checkPair(follower, followee);
    if (has(following, follower, followee)) {
      return false;
    }
    if (has(blocks, follower, followee) || has(blocks, followee, follower)) {
      return false;
    }
    ensureRoom();
    add(following, follower, followee);
    add(followers, followee, follower);
    relations++;
    return true;
  }

  @Override
  public synchronized boolean unfollow(IdentityId follower, IdentityId followee) {
    checkPair(follower, followee);
    if (!remove(following, follower, followee)) {
      return false;
    }
    remove(followers, followee, follower);
    relations--;
    return true;
  }

  @Override
  public synchronized boolean isFollowing(IdentityId follower, IdentityId followee) {
    checkPair(follower, followee);
    return has(following, follower, followee);
  }

  @Override
  public synchronized Set<IdentityId> following(IdentityId follower) {
    return Set.copyOf(following.getOrDefault(Checks.present(follower, "follower"), Set.of()));
  }

  @Override
  public synchronized Set<IdentityId> followers(IdentityId followee) {
    return Set.copyOf(followers.getOrDefault(Checks.present(followee, "followee"), Set.of()));
  }

  @Override
  public synchronized boolean block(IdentityId blocker, IdentityId blocked) {
    checkPair(blocker, blocked);
    if (has(blocks, blocker, blocked)) {
      return false;
    }
    ensureRoom();
    add(blocks, blocker, blocked);
    relations++;
    unfollow(blocker, blocked);
    unfollow(blocked, blocker);
    return true;
  }

  @Override
  public synchronized boolean unblock(IdentityId blocker, IdentityId blocked) {
    checkPair(blocker, blocked);
    if (!remove(blocks, blocker, blocked)) {
      return false;
    }
    relations--;
    return true;
  }

  @Override
  public synchronized boolean isBlocking(IdentityId blocker, IdentityId blocked) {
    checkPair(blocker, blocked);
    return has(blocks, blocker, blocked);
  }

  @Override
  public synchronized Set<IdentityId> blocked(IdentityId blocker) {
    return Set.copyOf(blocks.getOrDefault(Checks.present(blocker, "blocker"), Set.of()));
  }
}
