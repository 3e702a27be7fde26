package social.kith.core.log;

/**
 * When appended records are forced to stable storage ({@code fsync}). An append is
 * <em>acknowledged</em> when {@code append}/{@code appendBatch} returns; from then on readers see
 * it. What each policy adds is when the acknowledged record also survives a power loss or kernel
 * crash. (A process crash, including {@code SIGKILL}, never loses an acknowledged record under any
 * policy: the data is in the kernel's page cache once {@code append} returns.)
 */
public enum Durability {
  /**
   * Every {@code append} and every {@code appendBatch} forces the file before it returns: an
   * acknowledged record is on disk. The slowest and the safest.
   */
  EVERY_RECORD,
  /**
   * {@code append} does not force; {@code appendBatch}, {@link AppendOnlyLog#sync()} and
   * {@link AppendOnlyLog#close()} do. Records are on disk once the batch call, the next sync or
   * close returns; single appends before that may be lost by a power failure.
   */
  EVERY_BATCH,
  /**
   * Nothing forces except {@link AppendOnlyLog#sync()} and {@link AppendOnlyLog#close()}: records
   * are on disk only after one of those returns. For bulk imports that can be redone.
   */
  ON_CLOSE
}
