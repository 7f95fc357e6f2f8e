/**
 * Variables that used to be misreported or ignored: listen's banner names $TELEMATICS_TOKEN as the
 * source of a token taken from it (it said "from --token"); send reads TELEMATICS_PROVIDER (it was
 * documented and ignored). A closed stdout pipe ends a command quietly, with exit 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { runMain, startMain, type Started } from "../helpers/main.js";
import { BIN, cleanEnv } from "../helpers/run-cli.js";
import { startSink } from "../helpers/sink.js";

const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

it("listen says a token came from $TELEMATICS_TOKEN, and --token when given", async () => {
  const cwd = mkdtempSync(join(tmpdir(), "telematics-env-"));
  const fromEnv = startMain(["listen", "--port", "0", "--provider", "events-push"], { cwd, env: { TELEMATICS_TOKEN: "env-token-1" } });
  running.push(fromEnv);
  await fromEnv.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
  expect(fromEnv.stderr()).toContain("token     from $TELEMATICS_TOKEN (1 token)");
  expect(fromEnv.stderr()).not.toContain("env-token-1");
  const fromFlag = startMain(["listen", "--port", "0", "--provider", "events-push", "--token", "flag-token-2"], { cwd, env: { TELEMATICS_TOKEN: "env-token-1" } });
  running.push(fromFlag);
  await fromFlag.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
  expect(fromFlag.stderr()).toContain("token     from --token (1 token)");
});

it("send signs as TELEMATICS_PROVIDER when --provider is not given", async () => {
  const sink = await startSink({ secret: "sw-secret" });
  try {
    const r = await runMain(["send", "--fixture", "zubie/trip_end", "--to", sink.url, "--secret", "sw-secret"], { env: { TELEMATICS_PROVIDER: "uber" } });
    expect(r.code, r.stderr).toBe(0);
    expect(sink.received[0]!.headers["x-uber-signature"]).toBeDefined();
    expect(sink.received[0]!.verified).toBe(true);
  } finally {
    await sink.close();
  }
});

it("a closed stdout pipe (| head) ends a long-running command quietly, with exit 0", async () => {
  const { WebSocketServer } = await import("ws");
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  let n = 0;
  wss.on("connection", (ws) => {
    const t = setInterval(() => ws.send(JSON.stringify({ type: "location:updated", id: `E_${++n}`, created_at: new Date().toISOString() })), 5);
    ws.on("close", () => clearInterval(t));
  });
  try {
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
    const p = spawn("bash", ["-c", `"${process.execPath}" "${BIN}" tail "${url}" --protocol raw --json | head -n 2 > /dev/null; echo "tail exited \${PIPESTATUS[0]}"`], { env: cleanEnv() });
    let out = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    await new Promise((r) => p.on("close", r));
    expect(out).toBe("tail exited 0\n");
  } finally {
    wss.close();
  }
});
