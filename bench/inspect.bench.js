// `telematics inspect` on a large event log: 100,000 logged events (every bundled fixture in turn,
// as listen records them). Measured from starting the server to the page's first rows painted in
// Chromium, and the server's RSS once the page is up, against, in the same run:
//   - a minimal node:http server that reads the log, keeps its last N lines (N = --history,
//     10,000) parsed, and serves a bare page that fetches and paints the newest 300.
// Rounds alternate between the two; medians are shown with the ratio (baseline / ours for time,
// ours / baseline for memory).
//
//   npm run bench -- inspect     (EVENTS=100000 ROUNDS=3 CHROMIUM_PATH=/usr/bin/chromium)
//
// The baseline is this same file run as a server: node bench/inspect.bench.js --serve LOG
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const HISTORY = 10_000;

if (process.argv[2] === "--serve") serve(process.argv[3]);
else await main();

// ── Baseline server ──────────────────────────────────────────────────────────────────────────

function serve(log) {
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean).slice(-HISTORY);
  const records = lines.map((l) => JSON.parse(l));
  const page = `<!doctype html><meta charset="utf-8"><title>baseline</title><table><tbody id="rows"></tbody></table>
<script type="module">
const rows = await (await fetch("/rows")).json();
const body = document.getElementById("rows");
for (const r of rows) {
  const tr = document.createElement("tr");
  for (const v of [r.received_at, r.provider, r.event, r.verification?.verdict, r.status]) {
    const td = document.createElement("td");
    td.textContent = v ?? "";
    tr.append(td);
  }
  body.append(tr);
}
</script>`;
  const server = createServer((req, res) => {
    if (req.url === "/rows") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(records.slice(-300).reverse().map(({ body: _b, ...r }) => r)));
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(page);
    }
  });
  server.listen(0, "127.0.0.1", () => console.error(`baseline: http://127.0.0.1:${server.address().port}/ Ctrl-C to stop.`));
  process.on("SIGINT", () => process.exit(0));
}

// ── The benchmark ────────────────────────────────────────────────────────────────────────────

async function writeLog(path, events) {
  const fixtures = [];
  for (const provider of readdirSync(join(ROOT, "fixtures")).filter((d) => !d.includes("."))) {
    for (const f of readdirSync(join(ROOT, "fixtures", provider)).filter((x) => x.endsWith(".json"))) {
      const body = readFileSync(join(ROOT, "fixtures", provider, f), "utf8");
      const p = JSON.parse(body);
      fixtures.push({ provider, body, event: String(p.event ?? p.event_type ?? p.Event ?? p.type) });
    }
  }
  const out = createWriteStream(path);
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < events; i++) {
    const f = fixtures[i % fixtures.length];
    const record = {
      v: 1,
      source: "webhook",
      received_at: new Date(start + i * 250).toISOString(),
      peer: "127.0.0.1",
      method: "POST",
      path: "/",
      headers: { "content-type": "application/json", "user-agent": "bench", "x-seq": String(i) },
      body: f.body,
      body_encoding: "utf8",
      provider: f.provider,
      event: f.event,
      verification: { verdict: i % 17 === 0 ? "invalid" : "valid", message: "bench" },
      validation: { valid: true, errors: [], warnings: [] },
      status: i % 17 === 0 ? 401 : 200,
      handling_ms: 0.3 + (i % 10) / 10,
    };
    if (!out.write(JSON.stringify(record) + "\n")) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Starts a server, opens its page in a fresh browser context, waits for painted rows. */
async function round(browser, args, urlPattern) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let err = "";
  const url = await new Promise((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (d) => {
      err += d;
      const m = urlPattern.exec(err);
      if (m && err.includes("Ctrl-C to stop.")) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  const serverUp = performance.now() - started;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector("#rows tr", { timeout: 60_000 });
  // Painted: two animation frames after the rows are in the document.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const painted = performance.now() - started;
  const rows = await page.locator("#rows tr").count();
  const rss = rssMiB(child.pid);
  await context.close();
  child.kill("SIGINT");
  await new Promise((r) => child.once("exit", r));
  return { serverUp, painted, rss, rows };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function main() {
  const events = Number(process.env.EVENTS ?? 100_000);
  const rounds = Number(process.env.ROUNDS ?? 3);
  const { chromium } = await import("playwright-core");
  const dir = mkdtempSync(join(tmpdir(), "telematics-bench-inspect-"));
  const log = join(dir, "events.ndjson");
  try {
    await writeLog(log, events);
    console.error(`log: ${events} events, ${(statSync(log).size / 2 ** 20).toFixed(0)} MiB`);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const ours = [];
    const base = [];
    const oursArgs = [join(ROOT, "bin", "telematics.js"), "inspect", log, "--port", "0", "--no-follow", "--history", String(HISTORY)];
    const baseArgs = [fileURLToPath(import.meta.url), "--serve", log];
    try {
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? ["ours", "base"] : ["base", "ours"];
        for (const which of order) {
          const r = which === "ours" ? await round(browser, oursArgs, /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/) : await round(browser, baseArgs, /(http:\/\/127\.0\.0\.1:\d+\/)/);
          (which === "ours" ? ours : base).push(r);
          console.error(`  round ${i + 1} ${which === "ours" ? "inspect " : "baseline"}: server up ${r.serverUp.toFixed(0)} ms, first rows painted ${r.painted.toFixed(0)} ms (${r.rows} rows), RSS ${r.rss.toFixed(0)} MiB`);
        }
      }
    } finally {
      await browser.close();
    }
    const o = { painted: median(ours.map((r) => r.painted)), rss: median(ours.map((r) => r.rss)) };
    const b = { painted: median(base.map((r) => r.painted)), rss: median(base.map((r) => r.rss)) };
    console.log(`inspect:  first rows painted ${o.painted.toFixed(0)} ms, RSS ${o.rss.toFixed(0)} MiB (median of ${rounds})`);
    console.log(`baseline: first rows painted ${b.painted.toFixed(0)} ms, RSS ${b.rss.toFixed(0)} MiB (node:http, last ${HISTORY} lines, bare page)`);
    console.log(`ratio: ${(b.painted / o.painted).toFixed(2)}x by time to first rows (higher is faster), ${(o.rss / b.rss).toFixed(2)}x RSS (lower is leaner)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
