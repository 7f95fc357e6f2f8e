// Throughput of `telematics listen` (signature check on the raw bytes, schema validation, dedupe,
// lateness, NDJSON event log written before each answer, one printed block per event, stdout to a
// file) against, in the same run:
//   - a minimal hand-written node:http receiver: HMAC + JSON.parse + one NDJSON append (answered once
//     the write completed, as listen does) + one printed line;
//   - the same receiver written with express (express.raw for the signature, then JSON.parse), as
//     most users write it;
//   - a bare node:http server that answers 200.
// Load: autocannon (programmatic API), signed Zubie trip_end events, each one distinct (new trip id),
// so dedupe sees fresh events. Then the RSS of listen after 100,000 events (sampled along the way:
// it must stay flat). Goals: listen at >= 0.9x the hand-written receiver and >= 1.5x the express one.
//
//   npm run bench -- listen      (DURATION=5 seconds per run, ROUNDS=5, CONNECTIONS=32, EVENTS=100000)
//
// The machines are shared and their speed drifts over tens of seconds, so the ratio is taken per
// round, between runs made one after the other (the order alternating), and the median is shown.
//
// The baselines are this same file run as a server: node bench/listen.bench.js --serve hand|bare PORT LOG
import { spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createWriteStream, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SECRET = "bench-app-secret";

if (process.argv[2] === "--serve") {
  await serve(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
  await main();
}

// ── Baseline servers ─────────────────────────────────────────────────────────────────────────

async function serve(kind, port, logPath) {
  let server;
  if (kind === "bare") {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      });
    });
  } else if (kind === "express") {
    // The same receiver as most users write it: express, the raw body for the signature, then JSON.
    const { default: express } = await import("express");
    const log = createWriteStream(logPath, { flags: "a" });
    const app = express();
    app.post("/", express.raw({ type: "application/json", limit: "1mb" }), (req, res) => {
      const body = req.body;
      const expected = Buffer.from(createHmac("sha256", SECRET).update(body).digest("base64"));
      const given = Buffer.from(String(req.get("zubie-signature") ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return res.sendStatus(401);
      let event;
      try {
        event = JSON.parse(body.toString("utf8"));
      } catch {
        return res.sendStatus(400);
      }
      log.write(JSON.stringify({ received_at: new Date().toISOString(), event }) + "\n", () => {
        console.log(`${new Date().toISOString()} ${event.event} ${event.car?.nickname ?? ""}`);
        res.json({ ok: true });
      });
    });
    server = createServer(app);
  } else {
    const log = createWriteStream(logPath, { flags: "a" });
    server = createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const expected = Buffer.from(createHmac("sha256", SECRET).update(body).digest("base64"));
        const given = Buffer.from(String(req.headers["zubie-signature"] ?? ""));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.writeHead(401);
          return res.end();
        }
        let event;
        try {
          event = JSON.parse(body.toString("utf8"));
        } catch {
          res.writeHead(400);
          return res.end();
        }
        log.write(JSON.stringify({ received_at: new Date().toISOString(), event }) + "\n", () => {
          console.log(`${new Date().toISOString()} ${event.event} ${event.car?.nickname ?? ""}`);
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        });
      });
    });
  }
  server.listen(port, "127.0.0.1", () => console.error(`listening on http://127.0.0.1:${server.address().port}/`));
  process.on("SIGINT", () => process.exit(0));
}

// ── The benchmark ────────────────────────────────────────────────────────────────────────────

async function main() {
  const { default: autocannon } = await import("autocannon");
  const here = dirname(fileURLToPath(import.meta.url));
  const bin = join(here, "..", "bin", "telematics.js");
  const self = fileURLToPath(import.meta.url);
  const duration = Number(process.env.DURATION ?? 5);
  const rounds = Number(process.env.ROUNDS ?? 5);
  const connections = Number(process.env.CONNECTIONS ?? 32);
  const events = Number(process.env.EVENTS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "telematics-listen-bench-"));

  // A Zubie trip_end (the seed's sample), with the time set to now so events are not late; each
  // request gets a new trip id, and so a new body and signature.
  const now = new Date();
  const template = JSON.stringify({
    user_id: "vxXDeLFxMPHEUfNcG8BmLB", account_id: "CrTLZuPfq8T4SG4UKWKqKV", user_key: "sample_user_key", account_key: "sample_account_key",
    timestamp: now.toISOString().replace("Z", "+00:00").replace(/\.\d+/, ""), event: "trip_end",
    car: { battery_level: 11.8, vin: "5FNRL38249B044393", longitude: -79.7709333333, key: "sample_car_key", latitude: 32.8544866667, fuel_level: 43, nickname: "HO787189", id: "uZzLznvZLk8" },
    trip: { speeding_city_minor_count: null, ended_timestamp: now.toISOString().replace("Z", "+00:00").replace(/\.\d+/, ""), idle_time: 0, fuel_cost_currency_code: "USD", ended_latitude: 32.8544833333, points_hwy_count: null, hard_brakes: 0, id: "TRIP_ID", speeding_hwy_major_count: null, fuel_cost: 2.54, rapid_accels: 0, speeding_hwy_minor_count: null, started_longitude: null, ended_longitude: -79.77094, max_speed: 52.81642006543949, started_address: null, key: "sample_trip_key", distance: 14.369830191680585, points_city_count: null, started_timestamp: new Date(now.getTime() - 35 * 60_000).toISOString().replace("Z", "+00:00").replace(/\.\d+/, ""), speeding_city_major_count: null, ended_address: null, started_latitude: null },
  });
  const [before, after] = template.split("TRIP_ID");
  let seq = 0;
  const nextRequest = (req) => {
    const body = `${before}${process.pid}-${++seq}${after}`;
    return { ...req, method: "POST", body, headers: { "content-type": "application/json", "zubie-signature": createHmac("sha256", SECRET).update(body).digest("base64") } };
  };

  const start = async (name, args) => {
    const out = openSync(join(dir, `${name}.out`), "w");
    const child = spawn(process.execPath, args, { stdio: ["ignore", out, "pipe"], cwd: dir });
    let err = "";
    const port = await new Promise((resolve, reject) => {
      child.stderr.on("data", (d) => {
        err += d;
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`${name} exited ${code}: ${err}`)));
    });
    return { child, port, stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGINT"); }) };
  };

  const targets = {
    "telematics listen": () => start("listen", [bin, "listen", "--port", "0", "--provider", "auto", "--secret", SECRET, "--log", join(dir, "listen.ndjson"), "--no-color"]),
    "hand-written receiver": () => start("hand", [self, "--serve", "hand", "0", join(dir, "hand.ndjson")]),
    "express receiver": () => start("express", [self, "--serve", "express", "0", join(dir, "express.ndjson")]),
    "bare node:http 200": () => start("bare", [self, "--serve", "bare", "0", ""]),
  };

  const load = (port, opts) =>
    autocannon({ url: `http://127.0.0.1:${port}/`, connections, pipelining: 1, requests: [{ setupRequest: nextRequest }], ...opts });

  // CPU time of a process (user + system, all its threads), in ms: a second measure that is less
  // sensitive than req/s to whatever else the machine is doing.
  const cpuMs = (pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const results = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  console.log(`autocannon: ${connections} connections, ${duration}s per run after a 2s warm-up, ${rounds} rounds, targets interleaved`);
  const names = Object.keys(targets);
  for (let round = 0; round < rounds; round++) {
    // listen and the hand-written receiver run next to each other, in alternating order.
    const order = round % 2 === 0 ? names : [names[1], names[0], ...names.slice(2)];
    for (const name of order) {
      const t = await targets[name]();
      await load(t.port, { duration: 2 });
      const before = cpuMs(t.child.pid);
      const r = await load(t.port, { duration });
      const used = cpuMs(t.child.pid) - before;
      await t.stop();
      const bad = r.non2xx + r.errors + r.timeouts;
      if (bad > 0) console.log(`  ${name}: ${bad} failed requests (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
      results[name].push(r.requests.average);
      cpu[name].push((used * 1000) / Math.max(1, r.requests.total));
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const row = (name) =>
    console.log(`${name.padEnd(24)} ${Math.round(median(results[name])).toString().padStart(7)} req/s  ${median(cpu[name]).toFixed(0).padStart(4)} µs CPU/request   (req/s per run: ${results[name].map((x) => Math.round(x)).join(", ")})`);
  for (const name of names) row(name);
  const ratios = (a, b) => {
    const rps = results[a].map((x, i) => x / results[b][i]);
    const byCpu = cpu[a].map((x, i) => cpu[b][i] / x);
    const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    return `${median(rps).toFixed(2)}x req/s (rounds: ${range(rps)}), ${median(byCpu).toFixed(2)}x by CPU per request (rounds: ${range(byCpu)})`;
  };
  console.log(`listen / hand-written     ${ratios("telematics listen", "hand-written receiver")}  (goal >= 0.9x)`);
  console.log(`listen / express          ${ratios("telematics listen", "express receiver")}  (goal >= 1.5x)`);
  console.log(`listen / bare 200         ${ratios("telematics listen", "bare node:http 200")}`);

  // RSS after many events: it must stay flat (bounded dedupe memory, bounded samples, no buffering).
  const t = await targets["telematics listen"]();
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${t.child.pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
  const samples = [];
  const checkpoints = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(events * f));
  let sent = 0;
  for (const mark of checkpoints) {
    const r = await load(t.port, { amount: mark - sent });
    sent = mark;
    if (r.non2xx + r.errors > 0) console.log(`  ${r.non2xx + r.errors} failed requests during the RSS run`);
    samples.push(`${mark.toLocaleString("en-US")}: ${rss().toFixed(0)} MiB`);
  }
  await t.stop();
  console.log(`listen RSS after N events  ${samples.join(" · ")}`);
  rmSync(dir, { recursive: true, force: true });
}
