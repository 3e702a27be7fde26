// JS-to-JS anchor for Kith's replication benchmark (bench/run-ssb-replication.sh): two ssb-server@16.0.1
// processes (the plugin list of `ssb-server start`, with the pinned ssb-friends@4.1.4) on 127.0.0.1.
// The source holds the benchmark feed as its own feed: the author key is the seed sha256("kith-bench-feed")
// and the posts and timestamps are those of bench/anchors/ssb-validate-bench.mjs and Kith's BenchFeeds,
// so every side of the benchmark replicates the very same messages (same ids). For each run a fresh
// follower (new keys, empty data folder) requests the feed, dials the source, and times from the dial
// to the moment its log holds the feed's last sequence. Both processes run in their own Node, as two
// real peers would.
//
// Modes: "ebt": both servers with replicate: {legacy: false} (ssb-ebt only, as Manyverse replicates);
// "legacy": both servers without the ssb-ebt plugin, so ssb-replicate pulls with createHistoryStream.
//
// Usage:
//   node bench/anchors/ssb-replication-bench.mjs [messages=20000] [runs=3] [modes=ebt,legacy]
//     prints one JSON object: {"ebtJsToJs": {"messagesPerSec": median, "runs": [...], "seconds": [...]},
//     "legacyJsToJs": {...}, "messages", "firstId", "lastId", "author", "node", "packages"}
//   node bench/anchors/ssb-replication-bench.mjs peer --mode ebt|legacy [--source N]
//     one server (used by the Kith side as the ssb-server source). With --source it holds the first N
//     messages of the benchmark feed as its own feed. stdout: one ready line
//     {"ready":true,"id":"@..","address":"net:..~shs:..","sequence":S,"firstId":"%..","lastId":"%..","loadSeconds":x};
//     stdin, one JSON line each, one answer line each:
//       {"op":"replicate","address":"..","id":"@..","sequence":N,"timeoutSeconds":T}
//          requests the feed, dials, waits for sequence N -> {"ok":true,"seconds":x,"sequence":N}
//       {"op":"stop"} closes the server and exits 0 (closing stdin too).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import readline from 'node:readline';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const TEXT = ': the quick brown fox jumps over the lazy dog, while Kith validates a classic SSB feed.';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function benchKeys () {
  const ssbKeys = require('ssb-keys');
  return ssbKeys.generate('ed25519', crypto.createHash('sha256').update('kith-bench-feed').digest());
}

/** The benchmark feed, exactly as ssb-validate-bench.mjs builds it. */
function benchFeed (keys, count) {
  const validate = require('ssb-validate');
  const feed = [];
  let state = null;
  for (let i = 0; i < count; i++) {
    const timestamp = state ? Math.max(1700000000000, Math.floor(state.timestamp) + 1) : 1700000000000;
    const msg = validate.create(state, keys, null, { type: 'post', text: 'Benchmark message #' + i + TEXT }, timestamp);
    state = { id: validate.id(msg), sequence: msg.sequence, timestamp: msg.timestamp, queue: [] };
    feed.push({ msg, id: state.id });
  }
  return feed;
}

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// ------------------------------------------------------------------ one peer (child process)

async function peer (args) {
  const mode = args[args.indexOf('--mode') + 1];
  if (mode !== 'ebt' && mode !== 'legacy') throw new Error('--mode ebt|legacy');
  const source = args.includes('--source') ? Number(args[args.indexOf('--source') + 1]) : 0;
  const pull = require('pull-stream');
  const ssbKeys = require('ssb-keys');
  const setDefaults = require('ssb-config/defaults');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kith-repl-anchor-'));
  const port = await freePort();
  const keys = source > 0 ? benchKeys() : ssbKeys.generate();
  const config = setDefaults('kith-bench', {
    path: dir,
    keys,
    host: '127.0.0.1',
    port,
    local: false,
    logging: { level: 'error' },
    replicate: mode === 'ebt' ? { legacy: false } : {},
    connections: {
      incoming: { net: [{ host: '127.0.0.1', port, scope: 'device', transform: 'shs' }] },
      outgoing: { net: [{ transform: 'shs' }] }
    }
  });
  // The plugin list of `ssb-server start` (bin.js of 16.0.1) in its order; legacy mode leaves out ssb-ebt.
  let create = require('ssb-server');
  const plugins = ['ssb-private1', 'ssb-onion', 'ssb-unix-socket', 'ssb-no-auth', 'ssb-plugins', 'ssb-master',
    'ssb-gossip', 'ssb-replicate', 'ssb-friends', 'ssb-blobs', 'ssb-invite', 'ssb-local', 'ssb-logging',
    'ssb-query', 'ssb-links', 'ssb-ws', 'ssb-ebt', 'ssb-ooo'];
  for (const p of plugins) {
    if (mode === 'legacy' && p === 'ssb-ebt') continue;
    create = create.use(require(p));
  }
  const server = create(config);
  const address = server.getAddress('device') || server.getAddress();
  const reply = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    const done = () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch (e) {} process.exit(code); };
    server.close(true, done);
    setTimeout(done, 3000).unref();
  };

  let sequence = 0;
  let firstId = null;
  let lastId = null;
  let loadSeconds = 0;
  if (source > 0) {
    const feed = benchFeed(keys, source);
    firstId = feed[0].id;
    lastId = feed[feed.length - 1].id;
    const start = process.hrtime.bigint();
    await new Promise((resolve, reject) => pull(pull.values(feed.map((f) => f.msg)),
      server.createWriteStream((err) => err ? reject(err) : resolve())));
    loadSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    sequence = source;
  }

  // Latest stored sequence per feed, from the log's append hook (what "having the message" means here).
  const latest = new Map();
  const waiters = [];
  server.post((msg) => {
    const v = msg.value;
    if (v.sequence > (latest.get(v.author) ?? 0)) latest.set(v.author, v.sequence);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if ((latest.get(waiters[i].id) ?? 0) >= waiters[i].sequence) waiters.splice(i, 1)[0].resolve();
    }
  });

  async function replicate (req) {
    const { id, sequence: want } = req;
    // What ssb-friends does for a followed feed, without waiting for its graph to recompute.
    server.replicate.request(id, true);
    const reached = new Promise((resolve) => {
      if ((latest.get(id) ?? 0) >= want) resolve(); else waiters.push({ id, sequence: want, resolve });
    });
    const start = process.hrtime.bigint();
    await new Promise((resolve, reject) => server.connect(req.address, (err) => err ? reject(err) : resolve()));
    let timer;
    const timeout = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`sequence ${want} of ${id} not reached in ${req.timeoutSeconds ?? 300} s, have ${latest.get(id) ?? 0}`)),
        (req.timeoutSeconds ?? 300) * 1000);
    });
    await Promise.race([reached, timeout]);
    clearTimeout(timer);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { ok: true, seconds, sequence: latest.get(id) };
  }

  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let req;
    try { req = JSON.parse(line); } catch (e) { return reply({ ok: false, error: 'bad json' }); }
    if (req.op === 'replicate') replicate(req).then(reply, (err) => reply({ ok: false, error: String(err.message || err) }));
    else if (req.op === 'stop') { reply({ ok: true }); stop(0); }
    else reply({ ok: false, error: 'unknown op ' + req.op });
  });
  rl.on('close', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  reply({ ready: true, id: server.id, address, sequence, firstId, lastId, loadSeconds, mode });
}

// ------------------------------------------------------------------ the anchor run (parent)

/** A peer child process with a line-oriented request/answer channel. */
function startPeer (mode, source) {
  const args = [fileURLToPath(import.meta.url), 'peer', '--mode', mode];
  if (source) args.push('--source', String(source));
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const pending = [];
  lines.on('line', (l) => { const p = pending.shift(); if (p) p(JSON.parse(l)); });
  const next = () => new Promise((resolve) => pending.push(resolve));
  const call = (obj) => { const p = next(); child.stdin.write(JSON.stringify(obj) + '\n'); return p; };
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => { child.stdin.end(); await exited; };
  return { ready: next(), call, stop };
}

async function anchor (messages, runs, modes) {
  const out = {};
  const loadAverageBefore = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  let meta = {};
  for (const mode of modes) {
    const src = startPeer(mode, messages);
    const ready = await src.ready;
    if (ready.sequence !== messages) throw new Error('source not loaded: ' + JSON.stringify(ready));
    meta = { firstId: ready.firstId, lastId: ready.lastId, author: ready.id };
    const seconds = [];
    for (let r = 0; r < runs; r++) {
      const follower = startPeer(mode, 0);
      await follower.ready;
      const res = await follower.call({ op: 'replicate', address: ready.address, id: ready.id, sequence: messages, timeoutSeconds: 300 });
      await follower.stop();
      if (!res.ok) { await src.stop(); throw new Error(`${mode} run ${r}: ${res.error}`); }
      seconds.push(res.seconds);
      console.error(`anchor ${mode} JS->JS run ${r + 1}/${runs}: ${(messages / res.seconds).toFixed(0)} messages/s`);
    }
    await src.stop();
    const rates = seconds.map((s) => messages / s);
    out[mode + 'JsToJs'] = { messagesPerSec: median(rates), runs: rates, seconds, sourceLoadSeconds: ready.loadSeconds };
  }
  const pkg = (n) => JSON.parse(fs.readFileSync(require.resolve(n + '/package.json'), 'utf8')).version;
  out._meta = {
    messages, runs, ...meta, node: process.version,
    loadAverageBefore, loadAverageAfter: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    packages: { 'ssb-server': pkg('ssb-server'), 'ssb-ebt': pkg('ssb-ebt'), 'ssb-replicate': pkg('ssb-replicate'), 'ssb-db': pkg('ssb-db') }
  };
  console.log(JSON.stringify(out));
}

const argv = process.argv.slice(2);
if (argv[0] === 'peer') {
  await peer(argv.slice(1));
} else {
  const messages = Number(argv[0] ?? 20000);
  const runs = Number(argv[1] ?? 3);
  const modes = (argv[2] ?? 'ebt,legacy').split(',');
  await anchor(messages, runs, modes);
}
