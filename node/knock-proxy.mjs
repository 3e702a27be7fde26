// A small HTTP proxy for Kith's interop tests: it sits in front of a test server (fedify-server.mjs)
// and misbehaves on command, so that Kith's signature fallback and Fedify's refusal of a bad
// signature can be seen against the real server. A test peer, never a production proxy.
//
// Usage: node knock-proxy.mjs --target http://127.0.0.1:PORT
//
// Listens on 127.0.0.1 on a free port and prints one JSON line {"url":"http://127.0.0.1:PORT"}.
// Requests are forwarded unchanged to the target (same method, path, headers including Host, and
// body), so a signature over Host/@authority made for the proxy's URL still verifies behind it.
// Then reads commands as JSON lines on stdin and answers each with exactly one line:
//   {"cmd":"mode","mode":M}  -> {"reply":"mode","mode":M}; M is
//       "pass"          forward everything (the start mode);
//       "refuse-first"  the first signed POST from now on fixes its signature generation as the
//                       refused one: every POST signed with it is answered 401 here and never
//                       forwarded; the other generation is forwarded;
//       "corrupt"       every signed POST is forwarded with one character of the signature value
//                       changed (a flipped bit in transit), for the target to refuse.
//   {"cmd":"attempts"}       -> {"reply":"attempts","attempts":[{method,path,generation,status,forwarded}]}
//                               every POST since start, in arrival order; generation is "rfc9421"
//                               (Signature-Input present), "draft-cavage-http-signatures-12" (only
//                               Signature) or "none"; status is what the proxy answered.
//   {"cmd":"stop"}           -> {"reply":"stop"} and the process exits

import http from "node:http";
import readline from "node:readline";

const args = process.argv.slice(2);
const targetArg = args.indexOf("--target");
if (targetArg < 0 || !/^http:\/\/127\.0\.0\.1:\d+$/.test(args[targetArg + 1] ?? "")) {
  process.stderr.write("knock-proxy: --target http://127.0.0.1:PORT is required\n");
  process.exit(2);
}
const target = new URL(args[targetArg + 1]);

let mode = "pass";
let refused = null; // the generation refused in refuse-first mode, once fixed
const attempts = [];

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function generationOf(headers) {
  if (headers["signature-input"] !== undefined) return "rfc9421";
  return headers.signature !== undefined ? "draft-cavage-http-signatures-12" : "none";
}

// Changes one base64 character of the signature value: the first after `signature="` (draft-cavage)
// or after the first `:` of the byte sequence (RFC 9421). Never changes the header's syntax.
function corrupt(signature, generation) {
  const start = generation === "rfc9421" ? signature.indexOf(":") + 1 : signature.indexOf('signature="') + 11;
  if (start <= 0 || start >= signature.length) return signature;
  const c = signature[start];
  return signature.slice(0, start) + (c === "A" ? "B" : "A") + signature.slice(start + 1);
}

// Forwards the request; onStatus hears the target's status before the answer is passed on, so a
// test that got the answer always finds the attempt complete.
function forward(req, res, body, headers, onStatus = () => {}) {
  const out = http.request({
    host: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers,
  }, (answer) => {
    onStatus(answer.statusCode);
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  out.on("error", (e) => {
    onStatus(502);
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end(`proxy: ${e.message}`);
  });
  out.end(body);
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const headers = { ...req.headers };
  if (req.method !== "POST") {
    forward(req, res, body, headers);
    return;
  }
  const generation = generationOf(headers);
  const attempt = { method: req.method, path: req.url, generation, status: 0, forwarded: false };
  attempts.push(attempt);
  if (mode === "refuse-first" && generation !== "none") {
    refused ??= generation;
    if (generation === refused) {
      attempt.status = 401;
      res.writeHead(401, { "Content-Type": "text/plain" });
      res.end(`proxy: ${generation} refused`);
      return;
    }
  }
  if (mode === "corrupt" && generation !== "none") {
    headers.signature = corrupt(String(headers.signature), generation);
  }
  attempt.forwarded = true;
  forward(req, res, body, headers, (status) => { attempt.status = status; });
});

server.listen(0, "127.0.0.1", () => {
  emit({ url: `http://127.0.0.1:${server.address().port}` });
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
      case "mode":
        if (!["pass", "refuse-first", "corrupt"].includes(cmd.mode)) {
          emit({ reply: "error", message: `unknown mode ${cmd.mode}` });
          break;
        }
        mode = cmd.mode;
        refused = null;
        emit({ reply: "mode", mode });
        break;
      case "attempts":
        emit({ reply: "attempts", attempts });
        break;
      case "stop":
        emit({ reply: "stop" });
        stop();
        break;
      default:
        emit({ reply: "error", message: `unknown command ${cmd.cmd}` });
    }
  });
  rl.on("close", stop);
});
