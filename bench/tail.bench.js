// Messages per second through `telematics tail --json` (to a file) against a bare `ws` client
// counting the same messages from the same server, in the same run. Both run as separate Node
// processes, so both pay their start-up. Goal: tail at least 0.8x the bare client.
//   npm run bench -- tail          MESSAGES=100000 ROUNDS=5 to change the size
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { WebSocketServer } from "ws";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const bin = join(root, "bin", "telematics.js");
const MESSAGES = Number(process.env.MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const types = ["trip:finished", "ignition:on", "notification:speeding", "location:updated"];
const frames = Array.from({ length: MESSAGES }, (_, i) =>
  JSON.stringify({
    id: `E_${i}`,
    user: { id: "U_bench", url: "https://api.automatic.com/user/U_bench/" },
    type: types[i % types.length],
    created_at: new Date().toISOString(),
    time_zone: "America/Los_Angeles",
    location: { lat: 37.77 + i / 1e7, lon: -122.41, accuracy_m: 10 },
    vehicle: { id: "C_bench", url: "https://api.automatic.com/vehicle/C_bench/" },
    device: { id: "D_bench" },
  }),
);

const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on("connection", (ws) => {
  let i = 0;
  const pump = () => {
    while (i < frames.length) {
      ws.send(frames[i++]);
      if (ws.bufferedAmount > 1 << 20) return void setImmediate(pump);
    }
  };
  pump();
});
await new Promise((r) => http.listen(0, "127.0.0.1", r));
const url = `ws://127.0.0.1:${http.address().port}/`;

const baseline = `
const WebSocket = require(${JSON.stringify(join(root, "node_modules", "ws"))});
let n = 0;
const ws = new WebSocket(${JSON.stringify(url)}, { perMessageDeflate: false });
ws.on("message", () => { if (++n === ${MESSAGES}) { ws.terminate(); } });
ws.on("close", () => process.exit(n === ${MESSAGES} ? 0 : 1));
`;
// A second baseline that also JSON.parses each message: the least any consumer that reads the
// events must do. It shows how much of the gap is parsing alone.
const parsing = baseline.replace('ws.on("message", () => {', 'ws.on("message", (m) => { JSON.parse(m.toString());');
const dir = mkdtempSync(join(tmpdir(), "telematics-tail-bench-"));

// Each client's own CPU time (user + system), written at its exit by a preloaded module.
const cpuFile = join(dir, "cpu.txt");
const preload = ["--import", pathToFileURL(join(here, "baselines", "cpu-at-exit.mjs")).href];
const cpu = { tail: [], bare: [], parsing: [] };

function time(args, outFile, name) {
  return new Promise((resolve, reject) => {
    const fd = openSync(outFile, "w");
    rmSync(cpuFile, { force: true });
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [...preload, ...args], { stdio: ["ignore", fd, "pipe"], env: { ...process.env, BENCH_CPU_FILE: cpuFile } });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      closeSync(fd);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (name) cpu[name].push(Number(readFileSync(cpuFile, "utf8").trim()));
      code === 0 ? resolve(ms) : reject(new Error(`${args.join(" ")} exited ${code}: ${err}`));
    });
  });
}

const results = { tail: [], bare: [], parsing: [] };
await time(["-e", baseline], join(dir, "warmup.out")); // warm the server's JIT before measuring
const runs = {
  bare: () => time(["-e", baseline], join(dir, "bare.out"), "bare"),
  parsing: () => time(["-e", parsing], join(dir, "parsing.out"), "parsing"),
  tail: async () => {
    const out = join(dir, "tail.ndjson");
    const ms = await time([bin, "tail", url, "--protocol", "raw", "--json", "--max", String(MESSAGES), "--no-reconnect"], out, "tail");
    if (statSync(out).size === 0) throw new Error("tail wrote nothing");
    return ms;
  },
};
const names = Object.keys(runs);
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round, so that no client always runs first after a warm server.
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    results[name].push(await runs[name]());
  }
}
wss.close();
http.close();
rmSync(dir, { recursive: true, force: true });
// Medians over the rounds: the machine's speed drifts between rounds, and each round runs every
// client once, one after the other. The ratio is taken per round, then its median is shown.
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rate = (ms) => Math.round(MESSAGES / (ms / 1000));
const rateOf = (name) => rate(median(results[name]));
// CPU per message, start-up included: the client's own work, whatever pace the server kept. The
// bare client reads the socket as fast as it fills, in many small reads.
const perMessage = (name) => (median(cpu[name]) / MESSAGES).toFixed(1).padStart(5);
const ratio = (a, b) => {
  const per = results[a].map((ms, i) => results[b][i] / ms);
  return `${median(per).toFixed(2)}x (rounds: ${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)})`;
};
console.log(`${MESSAGES} messages, ${ROUNDS} rounds (medians), each client a fresh process`);
console.log(`telematics tail --json > file   ${rateOf("tail").toLocaleString("en-US")} msg/s   ${perMessage("tail")} µs CPU/message`);
console.log(`bare ws client (counting)       ${rateOf("bare").toLocaleString("en-US")} msg/s   ${perMessage("bare")} µs CPU/message`);
console.log(`ws client that JSON.parses      ${rateOf("parsing").toLocaleString("en-US")} msg/s   ${perMessage("parsing")} µs CPU/message`);
console.log(`tail / bare client              ${ratio("tail", "bare")}  (goal >= 0.8x)`);
console.log(`tail / parsing client           ${ratio("tail", "parsing")}; parsing / bare ${ratio("parsing", "bare")}`);
