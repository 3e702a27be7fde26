// The Fedify side of bench/run-ap-federation.sh: one Fedify 2.3.6 actor ("bench") on 127.0.0.1 with an
// inbox listener and a followers collection, driven by FederationBench (the Java driver) over stdin.
//
// Inbox: Create activities are verified by Fedify (its default HTTP-signature checks; the sender's key
// is fetched once from the driver's loopback servers and then cached in the MemoryKvStore) and the
// listener runs inline (no inbox queue), storing the created object's id in a Map before Fedify answers
// 202: "accepted" means verified and stored, as on Kith's side.
// Fan-out: sendActivity to "followers" (the followers dispatcher hands Fedify each follower's own inbox,
// no shared inbox), either through Fedify's in-process fan-out and outbox queues ("queued", what a
// Fedify server normally runs) or with {immediate: true} (every delivery sent at once).
// The actor's key is RSA-2048 (Fedify's own generateCryptoKeyPair would make 4096 bits).
//
// Benchmark-only settings: plain http on loopback and allowPrivateAddress, so that Fedify may fetch
// keys from the driver on 127.0.x.x. Signature verification stays at Fedify's defaults.
//
// Prints {"url":...,"inbox":...,"actor":...} once, then answers each JSON command line with one line:
//   {"cmd":"followers","base":URL,"count":N}  -> {"reply":"followers","count":N}  (base/fI, inbox base/fI/inbox)
//   {"cmd":"stored"}                          -> {"reply":"stored","stored":N,"unverified":N,"cpuMicros":CPU used so far}
//   {"cmd":"fanout","mode":"queued"|"immediate","n":K} -> {"reply":"fanout","id":activity id} once sendActivity resolved
//   {"cmd":"mem"}                             -> {"reply":"mem","rssMB":...,"maxRssMB":...,"heapUsedMB":...}
//   {"cmd":"stop"}                            -> exits
globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node}` }; // Fedify reads it on load (Node 20 has none)
import http from 'node:http';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'node', 'package.json'));
const { createFederation, MemoryKvStore, InProcessMessageQueue } = await import(require.resolve('@fedify/fedify'));
const vocab = await import(require.resolve('@fedify/vocab'));

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const keyPair = await crypto.subtle.generateKey(
  { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  true, ['sign', 'verify']);
const stored = new Map();
let unverified = 0;
let followers = [];

const federation = createFederation({
  kv: new MemoryKvStore(),
  queue: { outbox: new InProcessMessageQueue(), fanout: new InProcessMessageQueue() },
  allowPrivateAddress: true, // loopback benchmark only
});

federation
  .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
    if (identifier !== 'bench') return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new vocab.Person({
      id: ctx.getActorUri(identifier), preferredUsername: identifier, name: 'Fedify bench actor',
      inbox: ctx.getInboxUri(identifier), outbox: ctx.getOutboxUri(identifier), followers: ctx.getFollowersUri(identifier),
      endpoints: new vocab.Endpoints({ sharedInbox: ctx.getInboxUri() }), publicKey: keys[0].cryptographicKey,
    });
  })
  .setKeyPairsDispatcher((ctx, identifier) => (identifier === 'bench' ? [keyPair] : []));

federation
  .setInboxListeners('/users/{identifier}/inbox', '/inbox')
  .on(vocab.Create, async (ctx, create) => {
    const objectId = create.objectId?.href;
    if (objectId == null) throw new Error('Create without an object id');
    stored.set(objectId, { activity: create.id?.href, actor: create.actorId?.href });
  })
  .onUnverifiedActivity(() => {
    unverified++;
    return new Response('signature required', { status: 401, headers: { 'Content-Type': 'text/plain' } });
  });

federation.setOutboxDispatcher('/users/{identifier}/outbox', (ctx, identifier) =>
  identifier === 'bench' ? { items: [] } : null);
federation
  .setFollowersDispatcher('/users/{identifier}/followers', (ctx, identifier) =>
    identifier === 'bench' ? { items: followers } : null)
  .setCounter((ctx, identifier) => (identifier === 'bench' ? followers.length : null));

const server = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
      else if (v !== undefined) headers.set(k, v);
    }
    const request = new Request(new URL(req.url, `http://${req.headers.host}`), {
      method: req.method, headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    const response = await federation.fetch(request, { contextData: undefined });
    const body = Buffer.from(await response.arrayBuffer());
    const out = {};
    response.headers.forEach((v, k) => { out[k] = v; });
    out['content-length'] = String(body.length);
    res.writeHead(response.status, out);
    res.end(body);
  } catch (e) {
    res.writeHead(500, { 'Content-Type': 'text/plain', 'Content-Length': '14' });
    res.end('internal error');
  }
});

const PUBLIC = new URL('https://www.w3.org/ns/activitystreams#Public');

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  const ctx = federation.createContext(new URL(url), undefined);
  const actor = ctx.getActorUri('bench');
  emit({ url, actor: actor.href, inbox: ctx.getInboxUri('bench').href });
  const rl = readline.createInterface({ input: process.stdin });
  const stop = () => { server.close(); server.closeAllConnections?.(); process.exit(0); };
  rl.on('line', async (line) => {
    const cmd = JSON.parse(line);
    try {
      switch (cmd.cmd) {
        case 'followers':
          followers = Array.from({ length: cmd.count }, (_, i) => ({
            id: new URL(`${cmd.base}/f${i}`), inboxId: new URL(`${cmd.base}/f${i}/inbox`),
          }));
          emit({ reply: 'followers', count: followers.length });
          break;
        case 'stored':
          { const cpu = process.cpuUsage(); emit({ reply: 'stored', stored: stored.size, unverified, cpuMicros: cpu.user + cpu.system }); }
          break;
        case 'fanout': {
          const id = new URL(`${actor.href}/posts/${cmd.n}/activity`);
          const note = new vocab.Note({
            id: new URL(`${actor.href}/posts/${cmd.n}`), attribution: actor, content: `<p>hello, ${followers.length} followers (${cmd.n})</p>`,
            tos: [PUBLIC], ccs: [ctx.getFollowersUri('bench')],
          });
          const create = new vocab.Create({ id, actor, object: note, tos: [PUBLIC], ccs: [ctx.getFollowersUri('bench')] });
          await ctx.sendActivity({ identifier: 'bench' }, 'followers', create,
            { immediate: cmd.mode === 'immediate', preferSharedInbox: false });
          emit({ reply: 'fanout', id: id.href });
          break;
        }
        case 'mem': {
          const m = process.memoryUsage();
          emit({ reply: 'mem', rssMB: m.rss / 1048576, maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: m.heapUsed / 1048576 });
          break;
        }
        case 'stop':
          stop();
          break;
        default:
          emit({ reply: 'error', message: `unknown command ${cmd.cmd}` });
      }
    } catch (e) {
      emit({ reply: 'error', message: String(e?.stack ?? e) });
    }
  });
  rl.on('close', stop);
});
