/**
 * `tail` and `feed` at their edges, each case found by reviewing the commands: an event without
 * arguments, a raw feed that stays quiet, a server that drops every connection at once, URLs that
 * carry credentials or a fragment, and feed's namespace, bearer header and non-Automatic times.
 */
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import { Server as SocketIoServer } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSink } from "../helpers/sink.js";
import { ndjson } from "../helpers/spawn-cli.js";
import { type Proc, runMain, startProc } from "../helpers/main.js";

const closers: (() => Promise<void>)[] = [];
const running: Proc[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.kill("SIGKILL");
    await r.exit();
  }
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function httpServer(): Promise<{ http: HttpServer; port: number }> {
  const http = createServer();
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  closers.push(() => new Promise((r) => http.close(() => r())));
  return { http, port: (http.address() as { port: number }).port };
}

async function feed(args: string[]): Promise<Proc> {
  const f = startProc(["feed", "--port", "0", ...args]);
  running.push(f);
  await f.waitFor(({ stderr }) => stderr.includes("consume it with:"));
  return f;
}

describe("tail: edges", () => {
  it("records a Socket.IO event sent without arguments (payload null) instead of crashing", async () => {
    const { http, port } = await httpServer();
    const io = new SocketIoServer(http);
    closers.unshift(() => new Promise((r) => io.close(() => r())));
    io.on("connection", (socket) => socket.emit("hello"));
    const r = await runMain(["tail", `http://127.0.0.1:${port}`, "--max", "1", "--json", "--no-reconnect"]);
    expect(r.stderr).not.toContain("unexpected failure");
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout)).toMatchObject([{ source: "feed", event: "hello", body: null, body_encoding: "json" }]);
  });

  it("reads raw frames of every shape: one event, an array of events, NDJSON lines with a bad line", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    const at = new Date().toISOString();
    const ev = (id: string) => ({ id, type: "ignition:on", created_at: at });
    wss.on("connection", (ws) => {
      ws.send(JSON.stringify(ev("E_one")));
      ws.send(JSON.stringify([ev("E_arr1"), ev("E_arr2")]));
      ws.send(`${JSON.stringify(ev("E_nd1"))}\n{"id": "E_cut", "type": \r\n\n${JSON.stringify(ev("E_nd2"))}\n`);
      ws.send("not json at all");
      ws.send(JSON.stringify(ev("E_last")));
    });
    const r = await runMain(["tail", `ws://127.0.0.1:${port}/`, "--protocol", "raw", "--max", "6", "--json", "--no-reconnect"]);
    expect(r.code).toBe(0);
    const records = ndjson<{ event_id: string; body: unknown; body_encoding: string }>(r.stdout);
    expect(records.map((x) => x.event_id)).toEqual(["E_one", "E_arr1", "E_arr2", "E_nd1", "E_nd2", "E_last"]);
    // Each event's body is its JSON: a frame holding exactly one event keeps its text as received;
    // events taken out of a bigger frame are encoded on their own.
    expect(records.map((x) => x.body_encoding)).toEqual(Array(6).fill("json"));
    expect(r.stdout.split("\n")[0]).toContain(`"body":${JSON.stringify(ev("E_one"))},"body_encoding":"json"`);
    expect(records[3]!.body).toEqual(ev("E_nd1"));
    expect(r.stderr).toContain('warning: frame line 2 is not JSON: {"id": "E_cut", "type":');
    expect(r.stderr).toContain("warning: frame line 1 is not JSON: not json at all");
    expect(r.stderr).not.toContain("unexpected failure");
  });

  it("--json redacts a token inside the event's values and every line stays JSON", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    // The token's secret part happens to appear inside a number and a string of the event.
    wss.on("connection", (ws) => ws.send(`{"type":"trip:finished","id":"E1","created_at":${Date.now()},"odometer":1597133,"note":"x59713y"}`));
    const r = await runMain(["tail", `ws://127.0.0.1:${port}/`, "--protocol", "raw", "--json", "--max", "1", "--no-reconnect", "--token", "demo:59713"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("59713");
    const [rec] = ndjson<{ body: Record<string, unknown> }>(r.stdout);
    expect(rec!.body).toMatchObject({ odometer: "[redacted]", note: "x[redacted]y", id: "E1" });
  });

  it("send --from-log --as-is replays a saved frame byte for byte", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    const frame = `{"type":"trip:finished", "id":"E1","created_at":"${new Date().toISOString()}","big":12345678901234567890,"f":1.50,"s":"caf\\u00e9"}`;
    wss.on("connection", (ws) => ws.send(frame));
    const save = join(mkdtempSync(join(tmpdir(), "telematics-asis-")), "feed.ndjson");
    const t = await runMain(["tail", `ws://127.0.0.1:${port}/`, "--protocol", "raw", "--max", "1", "--no-reconnect", "--save", save]);
    expect(t.code, t.stderr).toBe(0);
    const sink = await startSink();
    closers.push(() => sink.close());
    const r = await runMain(["send", "--from-log", save, "--as-is", "--to", sink.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(sink.received[0]!.body.toString()).toBe(frame);
    // Without --as-is the event is sent fresh, and the 64-bit number is said to change.
    const fresh = await runMain(["send", "--from-log", save, "--to", sink.url]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain("big is an integer beyond 2^53");
  });

  it("auto mode takes a websocket that stays quiet after opening for a raw feed", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    wss.on("connection", (ws) => setTimeout(() => ws.send(JSON.stringify({ id: "E_quiet", type: "ignition:on", created_at: new Date().toISOString() })), 1_500));
    // The first event comes after the connect timeout: waiting for a first frame would time out.
    // A timeout under auto mode's usual 1.5 s of silence too: the silence is judged before it ends.
    const r = await runMain(["tail", `ws://127.0.0.1:${port}/`, "--max", "1", "--json", "--connect-timeout", "1s"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("(raw JSON frames)");
    expect(r.stderr).not.toContain("reconnecting");
    expect(ndjson(r.stdout)).toMatchObject([{ event: "ignition:on", event_id: "E_quiet" }]);
  });

  it("backs off more and more from a server that drops every connection at once", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    let connections = 0;
    wss.on("connection", (ws) => {
      connections++;
      ws.close();
    });
    const t = startProc(["tail", `ws://127.0.0.1:${port}/`, "--protocol", "raw"]);
    running.push(t);
    await t.waitFor(({ stderr }) => stderr.includes("(attempt 4)"), 20_000);
    t.kill("SIGINT");
    await t.exit();
    // Attempts 1–4 wait up to 0.5, 1, 2 and 4 s: without a growing backoff there were hundreds.
    expect(connections).toBeLessThanOrEqual(6);
  }, 25_000);

  it("ends with exit 1, not a reconnect loop, for --protocol socket.io against a raw feed and for close code 4401", async () => {
    const { http, port } = await httpServer();
    const wss = new WebSocketServer({ server: http });
    closers.unshift(() => new Promise((r) => wss.close(() => r())));
    wss.on("connection", (ws, req) => {
      if (req.url?.includes("refuse")) ws.close(4401, "bad token");
      else ws.send(JSON.stringify({ id: "E_1", type: "ignition:on" }));
    });
    const mismatch = await runMain(["tail", `ws://127.0.0.1:${port}/`, "--protocol", "socket.io", "--path", "/"]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain("the server does not speak Socket.IO");
    expect(mismatch.stderr).not.toContain("reconnecting");
    const refused = await runMain(["tail", `ws://127.0.0.1:${port}/refuse`, "--protocol", "raw"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the feed refused the connection: close code 4401 bad token");
    expect(refused.stderr).not.toContain("reconnecting");
  });

  it("Ctrl-C during a reconnect wait exits at once, not when the wait's timer fires", async () => {
    const t = startProc(["tail", "ws://127.0.0.1:1/", "--protocol", "raw"]);
    running.push(t);
    // Wait for a pause of 1.5 s or more between attempts (the backoff's ceiling doubles: 1, 2, 4 s…).
    await t.waitFor(({ stderr }) => /reconnecting in (?:1\.[5-9]|[2-9](?:\.\d)?|\d\d(?:\.\d)?)s /.test(stderr), 35_000);
    const seconds = Number(/reconnecting in (\d+(?:\.\d)?)s (?![\s\S]*reconnecting in)/.exec(t.stderr())![1]);
    t.kill("SIGINT");
    // In-process, nothing but the wait's timer could hold the exit back for 0.75 s.
    const exited = await Promise.race([t.exit().then(() => true), new Promise((r) => setTimeout(() => r(false), (seconds - 0.75) * 1000))]);
    expect(exited).toBe(true);
    expect((await t.exit()).code).toBe(130);
  }, 45_000);

  it("never shows a password or secret from the URL in a usage error, and refuses a #fragment (exit 2)", async () => {
    const bad = await runMain(["tail", "wss://alice:hunter2@feed.example.com:99999/?client_secret=abc123"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not a valid URL");
    const fragment = await runMain(["tail", "ws://127.0.0.1:1/?token=X9secret#f"]);
    expect(fragment.code).toBe(2);
    expect(fragment.stderr).toContain('a feed URL has no #fragment (remove "#f")');
    const everything = bad.stdout + bad.stderr + fragment.stdout + fragment.stderr;
    for (const secret of ["hunter2", "abc123", "X9secret"]) expect(everything).not.toContain(secret);
  });
});

describe("feed: edges", () => {
  it("prints a tail command for its namespace that works", async () => {
    const f = await feed(["--namespace", "/vehicles", "--rate", "50"]);
    const command = /consume it with: telematics (tail \S+ .*)$/m.exec(f.stderr())![1]!;
    expect(command).toContain("--namespace /vehicles");
    const r = await runMain([...command.split(" "), "--max", "1", "--json", "--no-reconnect"]);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout)).toHaveLength(1);
  });

  it("accepts the token as Authorization: Bearer in Socket.IO mode, as in raw mode", async () => {
    const f = await feed(["--token", "demo:s3cret-b", "--rate", "50"]);
    const url = /on (http:\/\/\S+)/.exec(f.stderr())![1]!;
    const r = await runMain(["tail", url, "--header", "Authorization: Bearer demo:s3cret-b", "--max", "1", "--json", "--no-reconnect"]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("s3cret-b");
  });

  it("makes Uber's millisecond event_time current, and --late-rate moves every time of a Zubie event back", async () => {
    const uber = await feed(["--fixture", "uber/driver_online", "--rate", "50", "--protocol", "raw"]);
    const uberUrl = /on (ws:\/\/\S+)/.exec(uber.stderr())![1]!;
    const fresh = await runMain(["tail", uberUrl, "--protocol", "raw", "--max", "1", "--json", "--no-reconnect"]);
    expect(fresh.code).toBe(0);
    const [u] = ndjson<{ late_by_ms?: number; event_time: string }>(fresh.stdout);
    expect(u!.late_by_ms).toBeUndefined();
    expect(Math.abs(Date.parse(u!.event_time) - Date.now())).toBeLessThan(60_000);

    const zubie = await feed(["--fixture", "zubie/trip_end", "--rate", "50", "--late-rate", "1", "--seed", "7", "--protocol", "raw"]);
    const zubieUrl = /on (ws:\/\/\S+)/.exec(zubie.stderr())![1]!;
    const late = await runMain(["tail", zubieUrl, "--protocol", "raw", "--max", "1", "--json", "--no-reconnect"]);
    expect(late.code).toBe(0);
    const [z] = ndjson<{ late_by_ms?: number; body: { trip: { ended_timestamp: string } } }>(late.stdout);
    expect(z!.late_by_ms).toBeGreaterThan(3_600_000 - 60_000);
    const trip = z!.body.trip;
    expect(Date.now() - Date.parse(trip.ended_timestamp)).toBeGreaterThan(3_600_000 - 60_000);
  });
});
