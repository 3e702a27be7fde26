package social.kith.ssb.store.internal;

import java.util.Arrays;

/** A growable array of longs (log offsets, ascending as appended). Not thread-safe. */
public final class LongList {
  private long[] values = new long[4];
  private int size;

  public void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  public long get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return values[i];
  }

  public int size() {
    return size;
  }

  /** The index of the first element greater than {@code v} (the list is ascending). */
  public int firstAbove(long v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
