/**
 * `feed` consumed by a client we did not write (socket.io-client v4, and v2 for Engine.IO v3) and by
 * our own `tail`, with each fault option.
 */
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { io as ioV4 } from "socket.io-client";
import { ndjson } from "../helpers/spawn-cli.js";
import { startSink } from "../helpers/sink.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Proc, runMain, startProc } from "../helpers/main.js";

const require = createRequire(import.meta.url);
const ioV2 = require("socket.io-client-v2") as (url: string, opts: object) => { on(e: string, f: (...a: unknown[]) => void): void; close(): void };

const running: Proc[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.kill("SIGKILL");
    await r.exit();
  }
});

async function feed(args: string[]): Promise<{ feed: Proc; url: string }> {
  const f = startProc(["feed", "--port", "0", ...args]);
  running.push(f);
  await f.waitFor(({ stderr }) => /on (\S+:\/\/\S+)/.test(stderr));
  const url = /on (\S+:\/\/\S+)/.exec(f.stderr())![1]!;
  return { feed: f, url };
}

describe("feed", () => {
  it("serves socket.io-client v4 with the token in auth, and refuses a wrong one", async () => {
    const { url } = await feed(["--token", "demo:s3cret-feed", "--rate", "50", "--fixture", "trip_finished", "--fixture", "ignition_off"]);
    const received = await new Promise<unknown[]>((resolve, reject) => {
      const got: unknown[] = [];
      const s = ioV4(url, { transports: ["websocket"], auth: { token: "demo:s3cret-feed" }, reconnection: false });
      s.on("trip:finished", (e: unknown) => got.push(e));
      s.on("ignition:off", (e: unknown) => {
        got.push(e);
        s.close();
        resolve(got);
      });
      s.on("connect_error", reject);
    });
    expect(received.map((e) => (e as { type: string }).type)).toEqual(["trip:finished", "ignition:off"]);
    const refused = await new Promise<string>((resolve) => {
      const s = ioV4(url, { transports: ["websocket"], auth: { token: "demo:wrong" }, reconnection: false });
      s.on("connect_error", (e: Error) => {
        s.close();
        resolve(e.message);
      });
    });
    expect(refused).toBe("Unauthorized client.");
  });

  it("serves a Socket.IO 2.x client (Engine.IO v3) with the token in the query, Automatic style", async () => {
    const { url } = await feed(["--token", "id:sec", "--rate", "50", "--fixture", "mil_on"]);
    const event = await new Promise<unknown>((resolve, reject) => {
      const s = ioV2(`${url}?token=id:sec`, { transports: ["websocket"], reconnection: false });
      s.on("mil:on", (e: unknown) => {
        s.close();
        resolve(e);
      });
      s.on("error", reject);
    });
    expect(event).toMatchObject({ type: "mil:on" });
  });

  it("is consumed by tail, in both protocols", async () => {
    for (const protocol of ["socket.io", "raw"]) {
      const { url } = await feed(["--protocol", protocol, "--rate", "50", "--token", "a:b"]);
      const r = await runMain(["tail", url, "--token", "a:b", "--max", "3", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(ndjson<{ provider: string }>(r.stdout).map((x) => x.provider)).toEqual(["automatic", "automatic", "automatic"]);
    }
  });

  it("--duplicate-rate 1 sends every event twice; tail drops the copies", async () => {
    const { feed: f, url } = await feed(["--rate", "50", "--duplicate-rate", "1", "--fixture", "ignition_on", "--fixture", "ignition_off"]);
    const r = await runMain(["tail", url, "--max", "2", "--json"]);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout)).toHaveLength(2);
    await f.waitFor(({ stdout }) => (stdout.match(/\(duplicate\)/g) ?? []).length >= 1);
  });

  it("sends current events: tail flags none as late", async () => {
    const { url } = await feed(["--rate", "50"]);
    const r = await runMain(["tail", url, "--max", "3", "--json"]);
    const records = ndjson<{ late_by_ms?: number; event_time: string }>(r.stdout);
    expect(records).toHaveLength(3);
    for (const rec of records) {
      expect(rec.late_by_ms).toBeUndefined();
      expect(Math.abs(Date.parse(rec.event_time) - Date.now())).toBeLessThan(60_000);
    }
  });

  it("--late-rate 1 sends old events; tail flags them as late", async () => {
    const { url } = await feed(["--rate", "50", "--late-rate", "1", "--seed", "3"]);
    const r = await runMain(["tail", url, "--max", "2", "--json"]);
    const records = ndjson<{ late_by_ms?: number }>(r.stdout);
    expect(records).toHaveLength(2);
    for (const rec of records) expect(rec.late_by_ms).toBeGreaterThan(3_600_000 - 60_000);
  });

  it("--drop-every closes connections; tail reconnects and gets the rest", async () => {
    const { url } = await feed(["--rate", "40", "--drop-every", "2", "--loop"]);
    const r = await runMain(["tail", url, "--max", "6", "--json", "--reconnect-max", "200ms"]);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout)).toHaveLength(6);
    expect(r.stderr).toMatch(/reconnected after/);
  });

  it("--count stops after N events and exits 0; --json lists what was sent", async () => {
    const { feed: f, url } = await feed(["--rate", "50", "--count", "3", "--loop", "--json"]);
    const consumer = startProc(["tail", url, "--json"]);
    running.push(consumer);
    const { code } = await f.exit();
    expect(code).toBe(0);
    expect(ndjson<{ index: number }>(f.stdout()).map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it("what tail --save writes, send --from-log replays", async () => {
    const { url } = await feed(["--rate", "50"]);
    const save = join(mkdtempSync(join(tmpdir(), "telematics-save-")), "feed.ndjson");
    const t = await runMain(["tail", url, "--max", "4", "--save", save]);
    expect(t.code).toBe(0);
    const sink = await startSink();
    try {
      const r = await runMain(["send", "--from-log", save, "--events", "ignition:*,notification:*", "--to", sink.url, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(sink.received.map((x) => x.json!.type)).toEqual(["ignition:on", "notification:speeding", "notification:hard_brake"]);
    } finally {
      await sink.close();
    }
  });

  it.each([
    [["feed", "--rate", "0"], /--rate 0: expected events per second/],
    [["feed", "--duplicate-rate", "2"], /--duplicate-rate 2: expected a probability/],
    [["feed", "--fixture", "nope_nope"], /nope_nope/],
    [["feed", "--port", "99999"], /--port 99999/],
  ])("exits 2 on %j", async (args, message) => {
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
