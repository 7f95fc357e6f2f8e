// `telematics validate` on a generated NDJSON file of 100,000 events of mixed types (every bundled
// fixture, in turn, with varied ids), against ajv + ajv-formats validating the same lines with the
// JSON Schemas that `telematics schemas export` writes. Both run as separate processes that read
// the file, parse each line, pick the event's schema and validate; interleaved, median wall time.
// Goal: at least as fast as ajv.      npm run bench -- validate   (EVENTS=100000 RUNS=5)
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const bin = join(root, "bin", "telematics.js");

/** The type field of each provider, the same dispatch `telematics validate` does. */
function schemaKey(e) {
  if (typeof e.event_type === "string") return `uber/${e.event_type}`;
  if ("IMEI" in e && "Event" in e) return `events-push/${e.Event}`;
  if ("triggered_by" in e && typeof e.event === "string") return `fleetio/${e.event}`;
  if (typeof e.action === "string") return `motive/${e.action}`;
  if ("orgId" in e && typeof e.eventType === "string") return `samsara/${e.eventType}`;
  if (typeof e.eventType === "string") return `smartcar/${e.eventType}`;
  if (e.eventName === "verify") return "smartcar/VERIFY";
  if (e.device && (e.position || typeof e.event === "object")) return `traccar/${e.event?.type ?? "position"}`;
  if (typeof e.event === "string") return `zubie/${e.event}`;
  if (typeof e.type === "string") return `automatic/${e.type}`;
  return undefined;
}

// ── The ajv baseline (this file, run with --ajv FILE SCHEMA_DIR) ─────────────────────────────
async function ajvBaseline(file, schemaDir) {
  const require = createRequire(join(root, "package.json"));
  const Ajv2020 = require("ajv/dist/2020").default;
  const addFormats = require("ajv-formats");
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  const validators = new Map();
  for (const provider of readdirSync(schemaDir)) {
    for (const f of readdirSync(join(schemaDir, provider))) {
      const schema = JSON.parse(readFileSync(join(schemaDir, provider, f), "utf8"));
      validators.set(schema.title, ajv.compile(schema));
    }
  }
  let valid = 0;
  let invalid = 0;
  const check = (line) => {
    if (line === "") return;
    const event = JSON.parse(line);
    const validate = validators.get(schemaKey(event));
    if (validate && validate(event)) valid++;
    else invalid++;
  };
  // The same line splitting as telematics validate (faster than node:readline), so that the
  // comparison is about parsing and validating, not about reading.
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    pending += decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n", start)) {
      check(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  check(pending + decoder.end());
  console.log(JSON.stringify({ valid, invalid }));
}

if (process.argv[2] === "--ajv") {
  await ajvBaseline(process.argv[3], process.argv[4]);
} else {
  const events = Number(process.env.EVENTS ?? 100_000);
  const runs = Number(process.env.RUNS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), "telematics-bench-validate-"));
  try {
    // Every fixture, round robin, with a varied id so that the lines differ.
    const fixtures = [];
    const fixtureRoot = join(root, "fixtures");
    for (const provider of readdirSync(fixtureRoot).sort()) {
      if (!statSync(join(fixtureRoot, provider)).isDirectory()) continue;
      for (const f of readdirSync(join(fixtureRoot, provider)).sort()) {
        if (f.endsWith(".json")) fixtures.push(JSON.parse(readFileSync(join(fixtureRoot, provider, f), "utf8")));
      }
    }
    if (fixtures.length === 0) throw new Error("no fixtures found");
    const lines = [];
    for (let i = 0; i < events; i++) {
      const e = structuredClone(fixtures[i % fixtures.length]);
      if (typeof e.event_id === "string") e.event_id = `${e.event_id.slice(0, -8)}${String(i).padStart(8, "0")}`;
      else if (typeof e.id === "string") e.id = `${e.id}-${i}`;
      else if (typeof e.user_key === "string") e.user_key = `${e.user_key}-${i}`;
      lines.push(JSON.stringify(e));
    }
    const file = join(dir, "events.ndjson");
    writeFileSync(file, lines.join("\n") + "\n");
    const schemaDir = join(dir, "schemas");
    const exp = spawnSync(process.execPath, [bin, "schemas", "export", "--out", schemaDir], { encoding: "utf8" });
    if (exp.status !== 0) throw new Error(`schemas export failed: ${exp.stderr}`);

    const commands = {
      "telematics validate": [bin, "validate", file],
      "ajv + ajv-formats": [fileURLToPath(import.meta.url), "--ajv", file, schemaDir],
    };
    const once = (args) => {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.status !== 0) throw new Error(`${args.slice(0, 2).join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}${r.stdout.slice(0, 500)}`);
      return { ms, stdout: r.stdout };
    };
    // Both must agree that every event is valid.
    const ours = once(commands["telematics validate"]);
    if (!ours.stdout.includes(`${events.toLocaleString("en-US").replace(/,/g, "")} events valid`)) throw new Error(`telematics validate did not find all events valid:\n${ours.stdout.slice(-800)}`);
    const base = JSON.parse(once(commands["ajv + ajv-formats"]).stdout);
    if (base.valid !== events) throw new Error(`ajv rejected ${base.invalid} of ${events} events`);

    const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args).ms);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const mb = (statSync(file).size / 1e6).toFixed(1);
    console.log(`${events} events of ${fixtures.length} kinds (${mb} MB NDJSON); ${runs} runs each, interleaved; median wall time per process`);
    const t = median(times["telematics validate"]);
    const a = median(times["ajv + ajv-formats"]);
    const rate = (ms) => Math.round(events / (ms / 1000)).toLocaleString("en-US");
    console.log(`telematics validate   ${t.toFixed(0).padStart(6)} ms   ${rate(t).padStart(9)} events/s`);
    console.log(`ajv + ajv-formats     ${a.toFixed(0).padStart(6)} ms   ${rate(a).padStart(9)} events/s`);
    console.log(`ratio                 ${(a / t).toFixed(2)}x ajv's throughput  (goal >= 1.00x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
