// ssb-validate anchor for Kith's ValidationBenchmark: ssb-validate 4.1.4 (with ssb-keys 8.5.0, whose
// chloride uses its sodium-native binding) validating the same kind of 20,000-message feed, built here
// with ssb-keys from the seed sha256("kith-bench-feed") and the same post texts and timestamps.
// Each round validates the whole feed from an empty state with validate.append (the path ssb-db
// uses: checkInvalid + id), single-threaded. Prints one JSON object.
// Usage: node bench/anchors/ssb-validate-bench.mjs [messages=20000] [rounds=5]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const validate = require('ssb-validate');
const ssbKeys = require('ssb-keys');

const messages = Number(process.argv[2] ?? 20000);
const rounds = Number(process.argv[3] ?? 5);
const TEXT = ': the quick brown fox jumps over the lazy dog, while Kith validates a classic SSB feed.';

const keys = ssbKeys.generate('ed25519', crypto.createHash('sha256').update('kith-bench-feed').digest());
const feed = [];
let state = null;
for (let i = 0; i < messages; i++) {
  const timestamp = state ? Math.max(1700000000000, Math.floor(state.timestamp) + 1) : 1700000000000;
  const msg = validate.create(state, keys, null, { type: 'post', text: 'Benchmark message #' + i + TEXT }, timestamp);
  state = { id: validate.id(msg), sequence: msg.sequence, timestamp: msg.timestamp, queue: [] };
  feed.push(msg);
}

function round () {
  let s = validate.initial();
  const start = process.hrtime.bigint();
  for (const msg of feed) {
    s = validate.append(s, null, msg);
    if (s.error) throw s.error;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (s.queue.length !== messages) throw new Error('not all messages validated');
  return messages / seconds;
}

round(); // warm-up
const rates = [];
for (let r = 0; r < rounds; r++) rates.push(round());
const sorted = [...rates].sort((a, b) => a - b);
const mem = process.memoryUsage();
console.log(JSON.stringify({
  ssbValidateAppend: { messagesPerSec: sorted[Math.floor(sorted.length / 2)], rounds: rates },
  messages,
  firstId: validate.id(feed[0]),
  author: keys.id,
  rssMB: mem.rss / 1048576,
  node: process.version
}));
