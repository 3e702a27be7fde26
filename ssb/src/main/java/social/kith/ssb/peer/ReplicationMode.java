package social.kith.ssb.peer;

/** How a peer replicates feeds with others. */
public enum ReplicationMode {
  /**
   * {@code createHistoryStream} per feed only; {@code ebt.replicate} is neither offered in the
   * manifest nor called.
   */
  LEGACY,
  /**
   * Epidemic broadcast trees ({@code ebt.replicate}, version 3) with peers whose manifest offers it,
   * legacy streams with the rest. The dialing side opens the EBT stream, as ssb-ebt does.
   */
  EBT
}
