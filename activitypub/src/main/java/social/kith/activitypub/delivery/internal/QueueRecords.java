package social.kith.activitypub.delivery.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import social.kith.activitypub.delivery.DeliveryError;
import social.kith.activitypub.delivery.DeliveryException;
import social.kith.activitypub.delivery.DeliveryJob;

/**
 * The records of the delivery queue's log, version 1. Each record is one event:
 *
 * <pre>
 *   byte    version (1)
 *   byte    kind: 1 ENQUEUED, 2 ATTEMPTED, 3 DONE, 4 DEAD
 *   ENQUEUED: utf id, utf activityId, utf actor, utf inbox, long enqueuedAt (epoch ms),
 *             int attempts, long notBefore (epoch ms), int bodyLength, body bytes
 *   ATTEMPTED: utf id, int attempts, long notBefore, utf reason
 *   DONE:      utf id, long at
 *   DEAD:      utf id, utf reason code, utf message, long at
 * </pre>
 *
 * ({@code utf} is {@link DataOutputStream#writeUTF}.) The state of the queue is the fold of its
 * events in log order; a compacted log starts again with one ENQUEUED per pending job carrying its
 * current attempts and due time.
 */
public final class QueueRecords {
  static final byte VERSION = 1;
  static final byte ENQUEUED = 1;
  static final byte ATTEMPTED = 2;
  static final byte DONE = 3;
  static final byte DEAD = 4;
  /** The longest reason or message stored (longer text is cut). */
  static final int MAX_TEXT = 512;

  private QueueRecords() {}

  /** One decoded event. */
  public sealed interface Event permits Enqueued, Attempted, Done, Dead {
    String jobId();
  }

  public record Enqueued(DeliveryJob job) implements Event {
    @Override
    public String jobId() {
      return job.id();
    }
  }

  public record Attempted(String jobId, int attempts, Instant notBefore, String reason) implements Event {}

  public record Done(String jobId, Instant at) implements Event {}

  public record Dead(String jobId, DeliveryError reason, String message, Instant at) implements Event {}

  public static byte[] enqueued(DeliveryJob job) {
    return write(out -> {
      out.writeByte(ENQUEUED);
      out.writeUTF(job.id());
      out.writeUTF(job.activityId());
      out.writeUTF(job.actor().toString());
      out.writeUTF(job.inbox().toString());
      out.writeLong(job.enqueuedAt().toEpochMilli());
      out.writeInt(job.attempts());
      out.writeLong(job.notBefore().toEpochMilli());
      byte[] body = job.body();
      out.writeInt(body.length);
      out.write(body);
    });
  }

  public static byte[] attempted(String jobId, int attempts, Instant notBefore, String reason) {
    return write(out -> {
      out.writeByte(ATTEMPTED);
      out.writeUTF(jobId);
      out.writeInt(attempts);
      out.writeLong(notBefore.toEpochMilli());
      out.writeUTF(cut(reason));
    });
  }

  public static byte[] done(String jobId, Instant at) {
    return write(out -> {
      out.writeByte(DONE);
      out.writeUTF(jobId);
      out.writeLong(at.toEpochMilli());
    });
  }

  public static byte[] dead(String jobId, DeliveryError reason, String message, Instant at) {
    return write(out -> {
      out.writeByte(DEAD);
      out.writeUTF(jobId);
      out.writeUTF(reason.name());
      out.writeUTF(cut(message));
      out.writeLong(at.toEpochMilli());
    });
  }

  /**
   * Decodes one record.
   *
   * @throws DeliveryException {@link DeliveryError#CORRUPT_QUEUE} for anything unreadable
   */
  public static Event decode(byte[] record, long offset) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw corrupt(offset, "unknown record version " + version, null);
      }
      byte kind = in.readByte();
      Event e;
      switch (kind) {
        case ENQUEUED -> {
          String id = in.readUTF();
          String activityId = in.readUTF();
          URI actor = new URI(in.readUTF());
          URI inbox = new URI(in.readUTF());
          Instant enqueuedAt = Instant.ofEpochMilli(in.readLong());
          int attempts = in.readInt();
          Instant notBefore = Instant.ofEpochMilli(in.readLong());
          int length = in.readInt();
          if (length < 1 || length > DeliveryJob.MAX_BODY_BYTES || length > in.available()) {
            throw corrupt(offset, "body length " + length + " is out of range", null);
          }
          byte[] body = in.readNBytes(length);
          e = new Enqueued(new DeliveryJob(id, activityId, actor, inbox, body, enqueuedAt, attempts, notBefore));
        }
        case ATTEMPTED -> e = new Attempted(in.readUTF(), in.readInt(), Instant.ofEpochMilli(in.readLong()),
            in.readUTF());
        case DONE -> e = new Done(in.readUTF(), Instant.ofEpochMilli(in.readLong()));
        case DEAD -> {
          String id = in.readUTF();
          DeliveryError reason = DeliveryError.valueOf(in.readUTF());
          e = new Dead(id, reason, in.readUTF(), Instant.ofEpochMilli(in.readLong()));
        }
        default -> throw corrupt(offset, "unknown record kind " + kind, null);
      }
      if (in.available() != 0) {
        throw corrupt(offset, in.available() + " trailing bytes", null);
      }
      return e;
    } catch (IOException | URISyntaxException | IllegalArgumentException | java.time.DateTimeException ex) {
      throw corrupt(offset, ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
    }
  }

  private static DeliveryException corrupt(long offset, String what, Throwable cause) {
    return new DeliveryException(DeliveryError.CORRUPT_QUEUE,
        "queue record at offset " + offset + " is unreadable: " + what, cause);
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
