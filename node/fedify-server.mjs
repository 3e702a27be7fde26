// A small real Fedify server for Kith's interop tests: a test peer, never a production server.
//
// Usage: node fedify-server.mjs [--actors alice,bob] [--first-knock rfc9421|draft-cavage-http-signatures-12]
//                               [--auto-accept]
//
// Listens on 127.0.0.1 on a free port and prints one JSON line on stdout:
//   {"url":"http://127.0.0.1:PORT","actor":"http://127.0.0.1:PORT/users/alice","actors":[...]}
// Then reads commands as JSON lines on stdin and answers each with exactly one line
// {"reply":"<cmd>",...}. Things that happen meanwhile are printed as event lines
// {"event":"<kind>",...}, e.g. every activity the inbox receives ({"event":"activity",...}; a Create's
// also carries "attachments", the attachments of its Note as @fedify/vocab parsed them, each
// {type,id,mediaType,url,name,width,height} with null for what is absent) and
// every delivery Fedify refuses to verify ({"event":"unverified",...}) and every POST to an inbox
// with its signature generation and Fedify's status ({"event":"request",...}); a reader skips event lines
// while it waits for a reply. Commands:
//   {"cmd":"info"}                      -> {"reply":"info","url":...,"actors":[...]}
//   {"cmd":"followers","actor":"alice"} -> {"reply":"followers","followers":[actor ids]}
//   {"cmd":"send","from":"alice","type":T,"to":ACTOR,"inbox":INBOX,...}
//                                       -> {"reply":"send","ok":true,"id":activity id,"object":object id}
//                                          or {"reply":"send","ok":false,"error":...}
//       Signs (Fedify's own HTTP signatures) and POSTs one activity to INBOX at once. T is one of
//       Follow (object: ACTOR), Undo (of a Follow: "followId"), Create (a public Note mentioning ACTOR;
//       optional "content", "inReplyTo"), DM (a Note addressed to ACTOR only), Update (of "noteId",
//       new "content"), Delete (of "noteId"), Like and Announce (of "object"). The Note of an Update
//       is attributed to "from", so another actor's "noteId" makes a forged edit (for owner checks).
//       The Note of a Create, DM or Update takes an optional "attachment": one object (or an array)
//       {"type":"Image"|"Document"|"Video"|"Audio","mediaType":..,"url":..,"name":alt text,
//       "width":..,"height":..}; its url may be one the "media" command serves.
//   {"cmd":"media","mediaType":T,"base64":B}
//                                       -> {"reply":"media","ok":true,"url":U,"sha256":hex,"bytes":n}: serves the
//                                          bytes at U = <url>/media/<sha256> (GET and HEAD; Content-Type T,
//                                          Content-Length, or chunked without it when U has "?chunked").
//   {"cmd":"fetch","url":U[,"maxBytes":n]} -> {"reply":"fetch","ok":true,"status":..,"contentType":..,
//                                          "sha256":hex,"bytes":n} or {"reply":"fetch","ok":false,"error":..}:
//                                          a plain Node fetch of U (http://127.0.0.1 only, body at most
//                                          maxBytes, default 1 MiB), e.g. of an attachment Kith published.
//   {"cmd":"received"}                  -> {"reply":"received","requests":[{id,type,path,generation,status,
//                                          verified}]}: every POST to an inbox, in arrival order, with the
//                                          signature generation it carried ("rfc9421" if it had
//                                          Signature-Input, "draft-cavage-http-signatures-12" if only
//                                          Signature, else "none"), Fedify's status, and verified=true once
//                                          a listener ran for that activity id (Fedify runs listeners only
//                                          after its own signature verification passed).
//   {"cmd":"notes"}                     -> {"reply":"notes","notes":[{id,attributedTo,content,to,cc,edits}],
//                                          "deleted":[ids],"refused":[{activity,type,reason}]}: what the
//                                          verified Create/Update/Delete listeners applied. Like a real
//                                          server, an Update or Delete applies only when its actor is the
//                                          note's attributedTo; anything else is refused and recorded.
//   {"cmd":"lookup","resource":URL}     -> {"reply":"lookup","ok":true,"subject":...,"self":...,"id":...,
//                                          "inbox":...,"preferredUsername":...} or {"reply":"lookup","ok":false,"error":...}
//       Discovers a remote actor as Fedify does: its WebFinger client (ctx.lookupWebFinger) asks the
//       resource's host about URL, then its document loader (ctx.lookupObject) fetches the JRD's "self"
//       link as ActivityStreams. The resource is an http(s) actor URL, not an acct: handle, because
//       Fedify asks about acct: handles over https only, which a loopback peer does not serve.
//   {"cmd":"stop"}                      -> {"reply":"stop"} and the process exits
//
// With --auto-accept, every verified Follow of a local actor is answered with a signed Accept
// (embedding the Follow) sent to the follower's inbox; it prints {"event":"sent","type":"Accept",...}
// or {"event":"send-error",...}.
//
// Test-only settings: plain http on loopback, and allowPrivateAddress so that Fedify may fetch
// keys from a Kith instance on 127.0.0.1. Signature verification stays on
// (skipSignatureVerification is never set). Storage is MemoryKvStore + InProcessMessageQueue.

// Fedify reads navigator.userAgent at load time; Node 20 has no navigator, so define it before the
// dynamic imports below (static imports would be hoisted above this line).
globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node}` };

import http from "node:http";
import readline from "node:readline";
import { createHash } from "node:crypto";

const { createFederation, MemoryKvStore, InProcessMessageQueue, generateCryptoKeyPair } =
  await import("@fedify/fedify");
const vocab = await import("@fedify/vocab");

const args = process.argv.slice(2);
const actorsArg = args.indexOf("--actors");
const knockArg = args.indexOf("--first-knock");
const firstKnock = knockArg >= 0 ? args[knockArg + 1] : undefined;
const autoAccept = args.includes("--auto-accept");
let accepts = 0;
if (firstKnock !== undefined && firstKnock !== "rfc9421" && firstKnock !== "draft-cavage-http-signatures-12") {
  process.stderr.write("fedify-server: --first-knock is rfc9421 or draft-cavage-http-signatures-12\n");
  process.exit(2);
}
const actorNames = (actorsArg >= 0 ? args[actorsArg + 1] : "alice").split(",").filter((s) => /^[a-z0-9_]+$/.test(s));
if (actorNames.length === 0) {
  process.stderr.write("fedify-server: --actors needs names of [a-z0-9_]\n");
  process.exit(2);
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// One RSA key (HTTP signatures, Mastodon interop) and one Ed25519 key (object proofs) per actor.
const keyPairs = new Map();
for (const name of actorNames) {
  keyPairs.set(name, [
    await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
    await generateCryptoKeyPair("Ed25519"),
  ]);
}
const followers = new Map(actorNames.map((n) => [n, new Set()]));
// The ledger of inbox POSTs, the ids whose listener ran, and the notes the listeners applied.
const requests = [];
const verifiedIds = new Set();
const notes = new Map();
const deletedNotes = [];
const refused = [];

function generationOf(headers) {
  if (headers.has("signature-input")) return "rfc9421";
  return headers.has("signature") ? "draft-cavage-http-signatures-12" : "none";
}

function hrefs(urls) {
  return [...(urls ?? [])].map((u) => u.href);
}

// Marks the activity verified and prints it; every listener goes through here.
async function heard(activity, type, extra = {}) {
  if (activity.id != null) verifiedIds.add(activity.id.href);
  emit({ event: "activity", type, id: activity.id?.href ?? null, json: await activity.toJsonLd(), ...extra });
}

function typeName(o) {
  return o?.constructor?.typeId?.href?.split("#").pop() ?? null;
}

// One attachment as @fedify/vocab parsed it (an Object such as Document or Image, a Link, or a
// PropertyValue); what the class does not have or the document did not say is null.
function describeAttachment(a) {
  const text = (v) => (v == null ? null : String(v));
  const number = (v) => (typeof v === "number" ? v : null);
  if (a instanceof vocab.Link) {
    return { type: typeName(a), id: null, mediaType: a.mediaType ?? null, url: a.href?.href ?? null,
      name: text(a.name), width: number(a.width), height: number(a.height) };
  }
  const u = a.url;
  const url = u instanceof URL ? u.href : u instanceof vocab.Link ? (u.href?.href ?? null) : null;
  return { type: typeName(a), id: a.id?.href ?? null, mediaType: a.mediaType ?? null, url, name: text(a.name),
    width: number(a.width), height: number(a.height) };
}

async function attachmentsOf(object) {
  const out = [];
  try {
    for await (const a of object.getAttachments({ suppressError: true })) out.push(describeAttachment(a));
  } catch (e) {
    out.push({ error: String(e?.message ?? e) });
  }
  return out;
}

function refuse(activity, type, reason) {
  refused.push({ activity: activity.id?.href ?? null, type, reason });
  emit({ event: "refused", type, id: activity.id?.href ?? null, reason });
}

const federation = createFederation({
  kv: new MemoryKvStore(),
  queue: new InProcessMessageQueue(),
  allowPrivateAddress: true, // test peer on loopback only
  ...(firstKnock ? { firstKnock } : {}),
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (!keyPairs.has(identifier)) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new vocab.Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: `Fedify test actor ${identifier}`,
      summary: "A Fedify server started by Kith's tests.",
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      endpoints: new vocab.Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher((ctx, identifier) => keyPairs.get(identifier) ?? []);

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(vocab.Follow, async (ctx, follow) => {
    const parsed = follow.objectId == null ? null : ctx.parseUri(follow.objectId);
    if (parsed?.type === "actor" && followers.has(parsed.identifier) && follow.actorId != null) {
      followers.get(parsed.identifier).add(follow.actorId.href);
    }
    await heard(follow, "Follow");
    if (autoAccept && parsed?.type === "actor" && keyPairs.has(parsed.identifier) && follow.actorId != null) {
      try {
        const follower = await follow.getActor(ctx);
        if (follower == null) throw new Error(`cannot fetch ${follow.actorId.href}`);
        const me = ctx.getActorUri(parsed.identifier);
        const accept = new vocab.Accept({ id: new URL(`${me.href}/accepts/${++accepts}`), actor: me, object: follow });
        await ctx.sendActivity({ identifier: parsed.identifier }, follower, accept, { immediate: true });
        emit({ event: "sent", type: "Accept", id: accept.id.href, to: follower.id?.href ?? null });
      } catch (e) {
        emit({ event: "send-error", type: "Accept", message: String(e?.message ?? e) });
      }
    }
  })
  .on(vocab.Create, async (ctx, create) => {
    const note = await create.getObject({ suppressError: true }).catch(() => null);
    await heard(create, "Create", note instanceof vocab.Note ? { attachments: await attachmentsOf(note) } : {});
    if (!(note instanceof vocab.Note) || note.id == null) return refuse(create, "Create", "not a note");
    if (note.attributionId?.href !== create.actorId?.href) return refuse(create, "Create", "not the author");
    notes.set(note.id.href, {
      id: note.id.href,
      attributedTo: note.attributionId.href,
      content: String(note.content ?? ""),
      to: hrefs(note.toIds),
      cc: hrefs(note.ccIds),
      edits: 0,
    });
  })
  .on(vocab.Update, async (ctx, update) => {
    await heard(update, "Update");
    const note = await update.getObject({ suppressError: true });
    if (!(note instanceof vocab.Note) || note.id == null) return refuse(update, "Update", "not a note");
    const old = notes.get(note.id.href);
    if (old == null) return refuse(update, "Update", "unknown note");
    if (old.attributedTo !== update.actorId?.href) return refuse(update, "Update", "not the owner");
    notes.set(old.id, {
      ...old,
      content: String(note.content ?? ""),
      to: hrefs(note.toIds),
      cc: hrefs(note.ccIds),
      edits: old.edits + 1,
    });
  })
  .on(vocab.Delete, async (ctx, del) => {
    await heard(del, "Delete");
    const id = del.objectId?.href;
    const old = id == null ? undefined : notes.get(id);
    if (old == null) return refuse(del, "Delete", "unknown note");
    if (old.attributedTo !== del.actorId?.href) return refuse(del, "Delete", "not the owner");
    notes.delete(id);
    deletedNotes.push(id);
  })
  .on(vocab.Activity, async (ctx, activity) => {
    await heard(activity, activity.constructor.typeId?.href?.split("#").pop() ?? "Activity");
  })
  .onUnverifiedActivity((ctx, activity, reason) => {
    emit({ event: "unverified", id: activity.id?.href ?? null, reason: reason.type });
    return new Response("signature required", { status: 401, headers: { "Content-Type": "text/plain" } });
  })
  .onError((ctx, error) => {
    emit({ event: "inbox-error", message: String(error?.message ?? error) });
  });

federation.setOutboxDispatcher("/users/{identifier}/outbox", (ctx, identifier) =>
  keyPairs.has(identifier) ? { items: [] } : null);

federation
  .setFollowersDispatcher("/users/{identifier}/followers", (ctx, identifier) => {
    if (!followers.has(identifier)) return null;
    return { items: [...followers.get(identifier)].map((id) => ({ id: new URL(id), inboxId: null })) };
  })
  .setCounter((ctx, identifier) => followers.get(identifier)?.size ?? null);

federation.setNodeInfoDispatcher("/nodeinfo/2.1", () => ({
  software: { name: "kith-fedify-test", version: "2.3.6" },
  protocols: ["activitypub"],
  openRegistrations: false,
  usage: {
    users: { total: actorNames.length, activeHalfyear: actorNames.length, activeMonth: actorNames.length },
    localPosts: 0,
    localComments: 0,
  },
}));

// Files the "media" command serves: sha256 hex -> { mediaType, bytes }.
const media = new Map();

function serveMedia(req, res) {
  const u = new URL(req.url, "http://x");
  const m = /^\/media\/([0-9a-f]{64})$/.exec(u.pathname);
  const file = m == null ? undefined : media.get(m[1]);
  if (file == null || (req.method !== "GET" && req.method !== "HEAD")) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found");
    return;
  }
  const headers = { "Content-Type": file.mediaType };
  if (!u.searchParams.has("chunked")) headers["Content-Length"] = String(file.bytes.length);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : file.bytes);
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith("/media/")) {
      serveMedia(req, res);
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
      else if (v !== undefined) headers.set(k, v);
    }
    const body = Buffer.concat(chunks);
    const request = new Request(new URL(req.url, `http://${req.headers.host}`), {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    let record = null;
    if (req.method === "POST") {
      let json = {};
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        // recorded with a null id
      }
      record = {
        id: typeof json?.id === "string" ? json.id : null,
        type: typeof json?.type === "string" ? json.type : null,
        path: new URL(req.url, "http://x").pathname,
        generation: generationOf(headers),
        status: 0,
      };
    }
    const response = await federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => new Response("not found", { status: 404, headers: { "Content-Type": "text/plain" } }),
      onNotAcceptable: () => new Response("not acceptable", { status: 406, headers: { "Content-Type": "text/plain" } }),
    });
    if (record != null) {
      record.status = response.status;
      requests.push(record);
      emit({ event: "request", ...record });
    }
    const out = {};
    response.headers.forEach((v, k) => { out[k] = v; });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    emit({ event: "server-error", message: String(e?.message ?? e) });
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("internal error");
  }
});

const PUBLIC = new URL("https://www.w3.org/ns/activitystreams#Public");
let sent = 0;

// Builds one activity as described in the header comment and delivers it right away.
async function send(cmd) {
  const from = cmd.from ?? actorNames[0];
  if (!keyPairs.has(from)) throw new Error(`no actor ${from}`);
  if (typeof cmd.to !== "string" || typeof cmd.inbox !== "string") throw new Error("to and inbox are required");
  const ctx = federation.createContext(new URL(baseUrl), undefined);
  const actor = ctx.getActorUri(from);
  const to = new URL(cmd.to);
  const n = ++sent;
  const id = new URL(`${actor.href}/activities/${n}`);
  const noteId = new URL(cmd.noteId ?? `${actor.href}/notes/${n}`);
  const attachments = attachmentsFor(cmd.attachment);
  const note = (dm) => new vocab.Note({
    id: noteId,
    attribution: actor,
    content: cmd.content ?? `<p>hello from Fedify ${n}</p>`,
    tos: dm ? [to] : [PUBLIC],
    ccs: dm ? [] : [to],
    replyTarget: cmd.inReplyTo ? new URL(cmd.inReplyTo) : null,
    tags: [new vocab.Mention({ href: to, name: cmd.mentionName ?? to.href })],
    attachments,
  });
  let activity;
  let object = null;
  switch (cmd.type) {
    case "Follow":
      activity = new vocab.Follow({ id, actor, object: to });
      object = to.href;
      break;
    case "Undo":
      activity = new vocab.Undo({ id, actor, object: new vocab.Follow({ id: new URL(cmd.followId), actor, object: to }) });
      break;
    case "Create":
      activity = new vocab.Create({ id, actor, object: note(false), tos: [PUBLIC], ccs: [to] });
      object = noteId.href;
      break;
    case "DM":
      activity = new vocab.Create({ id, actor, object: note(true), tos: [to] });
      object = noteId.href;
      break;
    case "Update":
      activity = new vocab.Update({ id, actor, object: note(false), tos: [PUBLIC], ccs: [to] });
      object = noteId.href;
      break;
    case "Delete":
      activity = new vocab.Delete({ id, actor, object: new vocab.Tombstone({ id: noteId }), tos: [PUBLIC], ccs: [to] });
      object = noteId.href;
      break;
    case "Like":
      activity = new vocab.Like({ id, actor, object: new URL(cmd.object) });
      object = cmd.object;
      break;
    case "Announce":
      activity = new vocab.Announce({ id, actor, object: new URL(cmd.object), tos: [PUBLIC], ccs: [to] });
      object = cmd.object;
      break;
    default:
      throw new Error(`unknown activity type ${cmd.type}`);
  }
  await ctx.sendActivity({ identifier: from }, { id: to, inboxId: new URL(cmd.inbox) }, activity, { immediate: true });
  return { id: id.href, object };
}

const ATTACHMENT_TYPES = { Image: vocab.Image, Document: vocab.Document, Video: vocab.Video, Audio: vocab.Audio };

// The send command's optional "attachment" (one object or an array) as @fedify/vocab objects.
function attachmentsFor(spec) {
  if (spec == null) return [];
  return (Array.isArray(spec) ? spec : [spec]).map((a) => {
    const Type = ATTACHMENT_TYPES[a?.type ?? "Document"];
    if (Type == null) throw new Error(`attachment type is one of ${Object.keys(ATTACHMENT_TYPES)}, not ${a?.type}`);
    if (typeof a.url !== "string") throw new Error("an attachment needs a url");
    return new Type({
      mediaType: a.mediaType ?? null,
      url: new URL(a.url),
      name: a.name ?? null,
      width: a.width ?? null,
      height: a.height ?? null,
    });
  });
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

// A plain Node fetch of a loopback URL, with the body capped and hashed.
async function fetchMedia(cmd) {
  const url = new URL(cmd.url);
  if (url.protocol !== "http:" || url.hostname !== "127.0.0.1") throw new Error("only http://127.0.0.1 URLs");
  const max = Number.isSafeInteger(cmd.maxBytes) && cmd.maxBytes > 0 ? cmd.maxBytes : 1024 * 1024;
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(20000) });
  const chunks = [];
  let total = 0;
  for await (const c of response.body ?? []) {
    total += c.length;
    if (total > max) throw new Error(`body larger than ${max} bytes`);
    chunks.push(c);
  }
  const body = Buffer.concat(chunks);
  return { status: response.status, contentType: response.headers.get("content-type"),
    contentLength: response.headers.get("content-length"), sha256: sha256(body), bytes: body.length };
}

// Looks up an actor through WebFinger and its "self" link, as described in the header comment.
async function lookup(cmd) {
  if (typeof cmd.resource !== "string") throw new Error("resource is required");
  const ctx = federation.createContext(new URL(baseUrl), undefined);
  const jrd = await ctx.lookupWebFinger(cmd.resource);
  if (jrd == null) throw new Error(`no WebFinger answer for ${cmd.resource}`);
  const self = (jrd.links ?? []).find((l) => l.rel === "self" && l.href != null
    && /^application\/(activity\+json|ld\+json)/.test(l.type ?? ""));
  if (self == null) throw new Error(`the WebFinger answer for ${cmd.resource} has no ActivityStreams self link`);
  const actor = await ctx.lookupObject(self.href);
  if (!vocab.isActor(actor)) throw new Error(`${self.href} is not an actor`);
  return {
    subject: jrd.subject ?? null,
    self: self.href,
    id: actor.id?.href ?? null,
    inbox: actor.inboxId?.href ?? null,
    preferredUsername: actor.preferredUsername?.toString() ?? null,
  };
}

let baseUrl;

server.listen(0, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  baseUrl = url;
  const actors = actorNames.map((n) => `${url}/users/${n}`);
  emit({ url, actor: actors[0], actors });

  const rl = readline.createInterface({ input: process.stdin });
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  rl.on("line", (line) => {
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch {
      emit({ reply: "error", message: "not JSON" });
      return;
    }
    switch (cmd.cmd) {
      case "info":
        emit({ reply: "info", url, actors });
        break;
      case "followers":
        emit({ reply: "followers", followers: [...(followers.get(cmd.actor) ?? [])] });
        break;
      case "send":
        send(cmd).then(
          (ids) => emit({ reply: "send", ok: true, ...ids }),
          (e) => emit({ reply: "send", ok: false, error: String(e?.message ?? e) }),
        );
        break;
      case "media": {
        if (typeof cmd.mediaType !== "string" || typeof cmd.base64 !== "string") {
          emit({ reply: "media", ok: false, error: "mediaType and base64 are required" });
          break;
        }
        const bytes = Buffer.from(cmd.base64, "base64");
        const hash = sha256(bytes);
        media.set(hash, { mediaType: cmd.mediaType, bytes });
        emit({ reply: "media", ok: true, url: `${url}/media/${hash}`, sha256: hash, bytes: bytes.length });
        break;
      }
      case "fetch":
        fetchMedia(cmd).then(
          (r) => emit({ reply: "fetch", ok: true, ...r }),
          (e) => emit({ reply: "fetch", ok: false, error: String(e?.message ?? e) }),
        );
        break;
      case "lookup":
        lookup(cmd).then(
          (found) => emit({ reply: "lookup", ok: true, ...found }),
          (e) => emit({ reply: "lookup", ok: false, error: String(e?.message ?? e) }),
        );
        break;
      case "received":
        emit({
          reply: "received",
          requests: requests.map((r) => ({
            ...r,
            verified: r.status >= 200 && r.status < 300 && r.id != null && verifiedIds.has(r.id),
          })),
        });
        break;
      case "notes":
        emit({ reply: "notes", notes: [...notes.values()], deleted: deletedNotes, refused });
        break;
      case "stop":
        emit({ reply: "stop" });
        stop();
        break;
      default:
        emit({ reply: "error", message: `unknown command ${cmd.cmd}` });
    }
  });
  rl.on("close", stop); // the test's end of stdin closed: nobody is left to talk to
});
