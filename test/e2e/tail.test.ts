/**
 * `tail` against feed servers we did not write: socket.io v4, socket.io v2 (Engine.IO v3, what
 * Automatic ran) and a plain ws server, each in its own process (test/helpers/feed-peer.mjs).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startPeer, type Peer } from "../helpers/feed-peers.js";
import { ndjson } from "../helpers/spawn-cli.js";
import { runMain, startProc } from "../helpers/main.js";

const peers: Peer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.kill()));
});
async function peer(options: Parameters<typeof startPeer>[0]): Promise<Peer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}
const ids = (stdout: string) => ndjson<{ event_id?: string }>(stdout).map((r) => r.event_id);

describe.each([
  ["socket.io v4", "sio4", "4"],
  ["socket.io v2 (Engine.IO v3)", "sio2", "3"],
] as const)("tail against a %s server", (_name, kind, eio) => {
  it("authenticates with the token, detects the Engine.IO version and stops after --max", async () => {
    const p = await peer({ kind, token: "cid:csecret-123" });
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--client-id", "cid", "--client-secret", "csecret-123", "--max", "3", "--json"]);
    expect(r.code).toBe(0);
    const records = ndjson<{ source: string; event: string; event_id: string; provider: string }>(r.stdout);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ source: "feed", provider: "automatic", event_id: "E_1" });
    expect(r.stderr).toContain(`Engine.IO v${eio}`);
    expect(r.stdout + r.stderr).not.toContain("csecret-123");
  });

  it("exits 1 with a clear message when the token is refused, without a reconnect loop", async () => {
    const p = await peer({ kind, token: "cid:right" });
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--token", "cid:wrong-secret-9"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the feed refused the connection: Unauthorized client.");
    expect(r.stderr).not.toContain("reconnecting");
    expect(r.stdout + r.stderr).not.toContain("wrong-secret-9");
  });

  it(`forces --eio ${eio}`, async () => {
    const p = await peer({ kind });
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--eio", eio, "--max", "1", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Engine.IO v${eio}`);
  });
});

describe("tail", () => {
  it("reads raw JSON frames from a plain ws server", async () => {
    const p = await peer({ kind: "raw", token: "t0k-raw" });
    const r = await runMain(["tail", `ws://127.0.0.1:${p.port}/`, "--protocol", "raw", "--token", "t0k-raw", "--max", "2", "--json"]);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(["E_1", "E_2"]);
    expect(r.stderr).toContain("raw JSON frames");
  });

  it("finds out by itself that a server is raw", async () => {
    const p = await peer({ kind: "raw" });
    const r = await runMain(["tail", `ws://127.0.0.1:${p.port}/`, "--max", "1", "--json"]);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(["E_1"]);
  });

  it("exits 1 on HTTP 401 from a raw server and never prints the token, even inside a URL", async () => {
    const p = await peer({ kind: "raw", token: "good" });
    const r = await runMain(["tail", `ws://127.0.0.1:${p.port}/?token=bad-token-77`, "--protocol", "raw"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HTTP 401");
    expect(r.stdout + r.stderr).not.toContain("bad-token-77");
  });

  it("filters with --events", async () => {
    const p = await peer({ kind: "sio4" });
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--events", "ignition:*", "--max", "4", "--json"]);
    expect(r.code).toBe(0);
    const events = ndjson<{ event: string }>(r.stdout).map((x) => x.event);
    expect(events).toHaveLength(4);
    expect(new Set(events)).toEqual(new Set(["ignition:on", "ignition:off"]));
  });

  it("uses a Socket.IO namespace", async () => {
    const p = await peer({ kind: "sio4", namespace: "/fleet" });
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--namespace", "/fleet", "--max", "1", "--json"]);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(["E_1"]);
  });

  it("reconnects when the server is killed and restarted, prints nothing twice and reports the gap", async () => {
    const dir = mkdtempSync(join(tmpdir(), "telematics-tail-"));
    const save = join(dir, "events.ndjson");
    let p = await peer({ kind: "sio4", every: 40 });
    const port = p.port;
    const tail = startProc(["tail", `http://127.0.0.1:${port}`, "--json", "--reconnect-max", "300ms", "--save", save]);
    await tail.waitFor(({ stdout }) => ids(stdout).length >= 5);
    await p.kill("SIGKILL");
    const before = ids(tail.stdout()).length;
    // The restarted server redelivers the last three events (at-least-once), then continues.
    p = await peer({ kind: "sio4", every: 40, port, start: before - 2 });
    await tail.waitFor(({ stdout }) => ids(stdout).length >= before + 5, 20_000);
    tail.kill("SIGINT");
    const { code } = await tail.exit();
    expect(code).toBe(130);
    const seen = ids(tail.stdout());
    expect(new Set(seen).size).toBe(seen.length);
    expect(tail.stderr()).toMatch(/connection lost: .*; reconnecting in/);
    expect(tail.stderr()).toMatch(/reconnected after \S+ offline; last event before the gap at .* \(E_\d+\)/);
    expect(tail.stderr()).toMatch(/dropped: duplicate of the delivery received at .* \(event id E_\d+\)/);
    expect(tail.stderr()).toMatch(/reconnects: [1-9]/);
    // --save wrote the same events, one EventRecord per line.
    expect(ids(readFileSync(save, "utf8"))).toEqual(seen);
  });

  it.each([
    ["sio4", "no heartbeat from the feed"],
    ["sio2", "no pong within"],
  ] as const)("notices a frozen %s server from the missing heartbeats and reconnects", async (kind, why) => {
    // The server process is stopped (SIGSTOP), not killed: the TCP connection stays open and
    // only the Engine.IO heartbeat can tell that the link is dead.
    const p = await peer({ kind, every: 50, ping: 300 });
    const tail = startProc(["tail", `http://127.0.0.1:${p.port}`, "--json", "--reconnect-max", "200ms", "--connect-timeout", "500ms"]);
    await tail.waitFor(({ stdout }) => ids(stdout).length >= 2);
    p.child.kill("SIGSTOP");
    await tail.waitFor(({ stderr }) => stderr.includes(why), 10_000);
    p.child.kill("SIGCONT");
    const before = ids(tail.stdout()).length;
    await tail.waitFor(({ stdout, stderr }) => /reconnected after/.test(stderr) && ids(stdout).length > before, 15_000);
    tail.kill("SIGINT");
    expect((await tail.exit()).code).toBe(130);
  });

  it("exits 1 with --no-reconnect when the feed cannot be reached", async () => {
    const p = await peer({ kind: "sio4" });
    await p.kill();
    const r = await runMain(["tail", `http://127.0.0.1:${p.port}`, "--no-reconnect"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot connect to the feed: connection refused/);
  });

  it.each([
    [["tail"], /give the feed URL/],
    [["tail", "ftp://x"], /is not a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/],
    [["tail", "ws://127.0.0.1:1", "--max", "0"], /--max 0: expected an integer of at least 1/],
    [["tail", "ws://127.0.0.1:1", "--late-after", "soon"], /--late-after soon: expected a duration/],
    [["tail", "ws://127.0.0.1:1", "--client-id", "x"], /--client-id needs --client-secret/],
    [["tail", "ws://127.0.0.1:1", "--eio", "5"], /argument '5' is invalid/],
  ])("exits 2 on %j", async (args, message) => {
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
