// Cold start of `telematics verify-signature` against a minimal hand-written Node script doing the
// same HMAC check (bench/baselines/verify-hmac.mjs), measured in the same run, interleaved.
// Goal: at most 1.2× the script.   npm run bench -- verify   (RUNS=40 to change the count)
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bin", "telematics.js");
const baseline = join(here, "baselines", "verify-hmac.mjs");
const dir = mkdtempSync(join(tmpdir(), "telematics-bench-"));
const body = join(dir, "body.json");
writeFileSync(body, JSON.stringify({ event: "trip_end", user_key: "u1", trip: { distance: 12.5 } }));
const secret = "bench-app-secret";
const sig = createHmac("sha256", secret).update(JSON.stringify({ event: "trip_end", user_key: "u1", trip: { distance: 12.5 } })).digest("base64");
const runs = Number(process.env.RUNS ?? 40);

const commands = {
  "telematics verify-signature": [bin, "verify-signature", "--provider", "zubie", "--secret", secret, "--signature", sig, "--payload", body],
  "hand-written node script": [baseline, body, secret, sig],
};

function once(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args[0]} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const args of Object.values(commands)) once(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = median(times["telematics verify-signature"]);
const base = median(times["hand-written node script"]);
console.log(`runs: ${runs} each, interleaved; median wall time per process`);
console.log(`telematics verify-signature  ${ours.toFixed(1)} ms`);
console.log(`hand-written node script     ${base.toFixed(1)} ms`);
console.log(`ratio                        ${(ours / base).toFixed(2)}x  (goal <= 1.2x)`);
