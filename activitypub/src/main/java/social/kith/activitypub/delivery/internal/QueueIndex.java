package social.kith.activitypub.delivery.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import social.kith.activitypub.delivery.DeadLetter;

/**
 * The in-memory state of a delivery queue: pending jobs ordered by due time, leases, and a bounded
 * list of dead letters. Not thread-safe: the queues that use it hold their own lock. Shared by the
 * log-backed and the in-memory queue, so both obey one set of rules.
 *
 * @param <T> what a slot carries besides the schedule (the job, or where its record is)
 */
public final class QueueIndex<T> {
  /** One pending job. The schedule fields change only through the index. */
  public static final class Slot<T> {
    private final String id;
    private final long seq;
    private T payload;
    private int attempts;
    private Instant notBefore;
    private Instant leasedUntil;

    Slot(String id, long seq, T payload, int attempts, Instant notBefore) {
      this.id = id;
      this.seq = seq;
      this.payload = payload;
      this.attempts = attempts;
      this.notBefore = notBefore;
    }

    public String id() {
      return id;
    }

    public T payload() {
      return payload;
    }

    public int attempts() {
      return attempts;
    }

    public Instant notBefore() {
      return notBefore;
    }

    public boolean leased() {
      return leasedUntil != null;
    }

    /** When the lease ends, or null if the slot is not leased. */
    public Instant leasedUntil() {
      return leasedUntil;
    }
  }

  private final Map<String, Slot<T>> pending = new HashMap<>();
  private final TreeSet<Slot<T>> ready = new TreeSet<>(
      Comparator.<Slot<T>, Instant>comparing(s -> s.notBefore).thenComparingLong(s -> s.seq));
  private final Map<String, Slot<T>> leased = new HashMap<>();
  private final ArrayDeque<DeadLetter> dead = new ArrayDeque<>();
  private final int maxDead;
  private long nextSeq;

  /** An index keeping at most {@code maxDead} dead letters (the oldest dropped first). */
  public QueueIndex(int maxDead) {
    if (maxDead < 0) {
      throw new IllegalArgumentException("maxDead must not be negative");
    }
    this.maxDead = maxDead;
  }

  public boolean contains(String id) {
    return pending.containsKey(id);
  }

  public Slot<T> get(String id) {
    return pending.get(id);
  }

  public int size() {
    return pending.size();
  }

  /** Adds a pending job (the caller has checked that the id is new). */
  public void add(String id, T payload, int attempts, Instant notBefore) {
    Slot<T> s = new Slot<>(id, nextSeq++, payload, attempts, notBefore);
    if (pending.putIfAbsent(id, s) != null) {
      throw new IllegalStateException("duplicate job id " + id);
    }
    ready.add(s);
  }

  /** Replaces what a slot carries (after compaction moved its record). */
  public void setPayload(String id, T payload) {
    Slot<T> s = pending.get(id);
    if (s != null) {
      s.payload = payload;
    }
  }

  /** Claims up to {@code max} due slots; expired leases are due again first. */
  public List<Slot<T>> lease(Instant now, int max, Duration leaseTime) {
    for (Iterator<Slot<T>> it = leased.values().iterator(); it.hasNext(); ) {
      Slot<T> s = it.next();
      if (!s.leasedUntil.isAfter(now)) {
        it.remove();
        s.leasedUntil = null;
        ready.add(s);
      }
    }
    List<Slot<T>> out = new ArrayList<>(Math.min(max, 64));
    Instant until = now.plus(leaseTime).truncatedTo(ChronoUnit.MILLIS);
    while (out.size() < max && !ready.isEmpty() && !ready.first().notBefore.isAfter(now)) {
      Slot<T> s = ready.pollFirst();
      s.leasedUntil = until;
      leased.put(s.id, s);
      out.add(s);
    }
    return out;
  }

  /** Leases the named slots until the given times (after a reload that forgot the leases). */
  public void holdLeased(Map<String, Instant> leases) {
    for (Map.Entry<String, Instant> e : leases.entrySet()) {
      Slot<T> s = pending.get(e.getKey());
      if (s != null && s.leasedUntil == null) {
        ready.remove(s);
        s.leasedUntil = e.getValue();
        leased.put(s.id, s);
      }
    }
  }

  /** Removes a pending job (done or dead); false if it was not pending. */
  public boolean remove(String id) {
    Slot<T> s = pending.remove(id);
    if (s == null) {
      return false;
    }
    if (s.leasedUntil != null) {
      leased.remove(id);
    } else {
      ready.remove(s);
    }
    return true;
  }

  /** Sets a new schedule and ends the lease; false if the job is not pending. */
  public boolean reschedule(String id, int attempts, Instant notBefore) {
    Slot<T> s = pending.get(id);
    if (s == null) {
      return false;
    }
    if (s.leasedUntil != null) {
      leased.remove(id);
      s.leasedUntil = null;
    } else {
      ready.remove(s);
    }
    s.attempts = attempts;
    s.notBefore = notBefore;
    ready.add(s);
    return true;
  }

  /** The earliest time a slot becomes due: the first ready one or the first lease to expire. */
  public Optional<Instant> nextDue() {
    Instant best = ready.isEmpty() ? null : ready.first().notBefore;
    for (Slot<T> s : leased.values()) {
      if (best == null || s.leasedUntil.isBefore(best)) {
        best = s.leasedUntil;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Every pending slot, in due order (leased ones included, by due time). */
  public List<Slot<T>> all() {
    List<Slot<T>> out = new ArrayList<>(pending.values());
    out.sort(Comparator.<Slot<T>, Instant>comparing(s -> s.notBefore).thenComparingLong(s -> s.seq));
    return out;
  }

  public void addDead(DeadLetter letter) {
    if (maxDead == 0) {
      return;
    }
    while (dead.size() >= maxDead) {
      dead.pollFirst();
    }
    dead.addLast(letter);
  }

  public List<DeadLetter> deadLetters() {
    return List.copyOf(dead);
  }
}
