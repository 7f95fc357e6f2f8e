// Throughput of `telematics send --count 20000 --concurrency 32` against a bare local sink, and of
// autocannon sending the same number of requests with the same concurrency to the same sink, in
// the same run. Our figure includes signing and a fresh payload per request.
// Goal: at least 0.8x autocannon.   npm run bench -- send     (REQUESTS=20000 ROUNDS=2)
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const bin = join(root, "bin", "telematics.js");
const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const body = readFileSync(join(root, "fixtures", "zubie", "trip_end.json"));

let count = 0;
const sink = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    count++;
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
await new Promise((r) => sink.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${sink.address().port}/hooks`;

function runSend() {
  return new Promise((resolve, reject) => {
    const before = count;
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, "send", "--fixture", "zubie/trip_end", "--secret", "bench-secret", "--to", url, "--count", String(REQUESTS), "--concurrency", String(CONCURRENCY)], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      if (code !== 0 || count - before !== REQUESTS) reject(new Error(`send exited ${code}, sink saw ${count - before}: ${err}`));
      else resolve(REQUESTS / s);
    });
  });
}

function runAutocannon() {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    autocannon({ url, method: "POST", body, headers: { "content-type": "application/json", "zubie-signature": "x" }, connections: CONCURRENCY, amount: REQUESTS }, (err, result) => {
      if (err) return reject(err);
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      resolve(result["2xx"] / s);
    });
  });
}

const ours = [];
const theirs = [];
for (let i = 0; i < ROUNDS; i++) {
  theirs.push(await runAutocannon());
  ours.push(await runSend());
}
sink.close();
const best = (xs) => Math.max(...xs);
console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, best of ${ROUNDS}; send includes its start-up, a fresh payload and an HMAC per request`);
console.log(`telematics send   ${Math.round(best(ours)).toLocaleString("en-US")} req/s`);
console.log(`autocannon        ${Math.round(best(theirs)).toLocaleString("en-US")} req/s`);
console.log(`ratio             ${(best(ours) / best(theirs)).toFixed(2)}x  (goal >= 0.8x)`);
