/**
 * `telematics listen` at its edges, each case found by reviewing the command: a log that cannot be
 * written, a body too deep to pretty-print, a client that hangs up after a 413, malformed requests
 * under --events, and a body that starts with a byte order mark.
 */
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { post, startListen, type Listener } from "../helpers/listen-server.js";
import { runMain } from "../helpers/main.js";

const SECRET = "edges-secret-5151";
const running: Listener[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGKILL")));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
/** A local app for --forward-to that answers each request with the next of `answers`. */
async function app(answers: { status: number; headers: OutgoingHttpHeaders; body: Buffer }[]): Promise<{ port: number; got: IncomingHttpHeaders[] }> {
  const got: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    got.push(req.headers);
    req.resume();
    req.on("end", () => {
      const a = answers[Math.min(got.length - 1, answers.length - 1)]!;
      res.writeHead(a.status, { ...a.headers, "content-length": a.body.byteLength });
      res.end(a.body);
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as { port: number }).port, got };
}
async function listen(args: string[]): Promise<Listener> {
  const l = await startListen(args);
  running.push(l);
  return l;
}
const automatic = (id: string, extra = "") => `{"id":"${id}","type":"trip:finished","created_at":"2026-11-26T10:00:00.000Z"${extra}}`;

describe("listen: edges", () => {
  it.runIf(existsSync("/dev/full"))("an event log that cannot be written: 500 on screen too, the retry is not a duplicate, and none is counted", async () => {
    const l = await listen(["--log", "/dev/full"]);
    const body = automatic("E_same");
    const first = await post(`${l.origin}/`, body, { "content-type": "application/json" });
    const retry = await post(`${l.origin}/`, body, { "content-type": "application/json" });
    expect([first.status, retry.status]).toEqual([500, 500]);
    expect(JSON.parse(retry.body).message).toBe("the listener could not store the event");
    await l.run.waitFor(({ stdout }) => (stdout.match(/→ 500/g) ?? []).length === 2);
    expect(l.run.stdout()).not.toContain("→ 200");
    expect(l.run.stdout()).not.toContain("duplicate");
    expect(l.run.stdout()).toContain("✖ the listener could not store the event (not in the event log)");
    expect(l.run.stderr()).toContain("cannot write the event log /dev/full");
    const { code } = await l.stop();
    expect(code).toBe(130);
    expect(l.run.stderr()).toMatch(/0 records appended to \S*dev\/full/);
  });

  it("--verbose with a body nested too deeply to pretty-print: still 200, printed, logged and counted", async () => {
    const l = await listen(["--verbose"]);
    const body = automatic("E_deep", `,"x":${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    const r = await post(`${l.origin}/`, body, { "content-type": "application/json" });
    expect(r.status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 200"));
    expect(l.run.stdout()).toContain("(the body cannot be pretty-printed: Maximum call stack size exceeded)");
    expect(l.records().map((x) => x.status)).toEqual([200]);
    await l.stop();
    expect(l.run.stderr()).toMatch(/trip:finished\s*│\s*1\s*│/);
  });

  it("a client that hangs up after an early 413 leaves one record, not a second '(aborted)' one", async () => {
    const l = await listen(["--max-body", "100"]);
    for (const how of ["end", "destroy"] as const) {
      const sock = connect(l.port, "127.0.0.1");
      await once(sock, "connect");
      sock.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n${"a".repeat(200)}`);
      const [data] = (await once(sock, "data")) as [Buffer];
      expect(data.toString()).toMatch(/^HTTP\/1\.1 413 /);
      if (how === "end") sock.end();
      else sock.destroy();
      await once(sock, "close");
    }
    // A normal request afterwards: once it is logged, anything from the hang-ups would be too.
    expect((await post(`${l.origin}/`, automatic("E_after"), { "content-type": "application/json" })).status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 200"));
    // Stopped, the listener has handled every hang-up: nothing can be logged after this.
    await l.stop();
    expect(l.records().map((x) => x.status)).toEqual([413, 413, 200]);
  });

  it("--events filters events only: malformed requests and timeouts are always shown", async () => {
    const l = await listen(["--events", "trip_*", "--request-timeout", "500ms"]);
    const bad = connect(l.port, "127.0.0.1");
    await once(bad, "connect");
    bad.resume();
    bad.write("HELLO WORLD\r\n\r\n");
    await once(bad, "close");
    const slow = connect(l.port, "127.0.0.1");
    await once(slow, "connect");
    slow.resume();
    slow.write("POST / HTTP/1.1\r\n");
    await once(slow, "close");
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 400") && stdout.includes("→ 408"));
    expect(l.records().map((x) => x.status)).toEqual([400, 408]);
  });

  it("keeps a UTF-8 byte order mark in the logged body (the exact bytes) and still reads the JSON", async () => {
    const l = await listen(["--secret", SECRET]);
    const json = Buffer.from('{"event":"trip_start","user_key":"k","timestamp":"2026-11-26T10:00:00+00:00","car":{"nickname":"BOM"}}');
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
    const r = await post(`${l.origin}/`, body, { "content-type": "application/json", "zubie-signature": createHmac("sha256", SECRET).update(body).digest("base64") });
    expect(r.status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 200"));
    const [rec] = l.records();
    expect(rec).toMatchObject({ provider: "zubie", event: "trip_start", body_encoding: "utf8", verification: { verdict: "valid" } });
    expect(Buffer.from(rec!.body as string, "utf8").equals(body)).toBe(true);
  });

  it("--forward-to relays the app's answer as it came: gzip bytes with their encoding, a redirect's Location, a large body whole", async () => {
    const zipped = gzipSync(Buffer.from('{"queued":true}'));
    const large = Buffer.from(`"${"é".repeat(70_000)}"`); // over 64 KiB, with multi-byte characters
    const a = await app([
      { status: 200, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: zipped },
      { status: 302, headers: { location: "/elsewhere" }, body: Buffer.alloc(0) },
      { status: 200, headers: { "content-type": "application/json" }, body: large },
    ]);
    const l = await listen(["--forward-to", `http://127.0.0.1:${a.port}/hooks`]);
    const send = async (id: string) => {
      const sock = connect(l.port, "127.0.0.1");
      await once(sock, "connect");
      const body = automatic(id);
      sock.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      const chunks: Buffer[] = [];
      sock.on("data", (d: Buffer) => chunks.push(d));
      await once(sock, "close");
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf("\r\n\r\n");
      return { head: raw.subarray(0, split).toString("latin1"), body: raw.subarray(split + 4) };
    };
    const gz = await send("E_gz");
    expect(gz.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(gz.head).toMatch(/\r\nContent-Encoding: gzip\r\n/i);
    expect(gz.body.equals(zipped)).toBe(true);
    const moved = await send("E_302");
    expect(moved.head).toMatch(/^HTTP\/1\.1 302 /);
    expect(moved.head).toMatch(/\r\nLocation: \/elsewhere\r\n/i);
    const big = await send("E_big");
    expect(big.body.equals(large)).toBe(true);
    await l.run.waitFor(() => l.records().length === 3);
    expect(l.records()[0]!.forward).toMatchObject({ status: 200, response: "(gzip-encoded, " + zipped.byteLength + " bytes)" });
  });

  it("--forward-to with user:password@ sends Basic authorization to the app and never prints the password", async () => {
    const a = await app([{ status: 204, headers: {}, body: Buffer.alloc(0) }]);
    const l = await listen(["--forward-to", `http://admin:S3cr%40tPw@127.0.0.1:${a.port}/hooks`]);
    expect((await post(`${l.origin}/`, automatic("E_auth"), { "content-type": "application/json" })).status).toBe(204);
    expect(a.got[0]!.authorization).toBe(`Basic ${Buffer.from("admin:S3cr@tPw").toString("base64")}`);
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 204"));
    await l.stop();
    const everything = l.run.stdout() + l.run.stderr() + JSON.stringify(l.records());
    for (const secret of ["S3cr%40tPw", "S3cr@tPw", Buffer.from("admin:S3cr@tPw").toString("base64")]) expect(everything).not.toContain(secret);
    expect(l.run.stderr()).toContain(`forward   http://127.0.0.1:${a.port}/hooks (with Basic authorization`);
    // A usage error does not show it either.
    const bad = await runMain(["listen", "--port", "0", "--forward-to", "ftp://admin:S3cr3tPw@127.0.0.1/x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--forward-to ftp://[redacted]@127.0.0.1/x: expected an http:// or https:// URL");
    expect(bad.stderr + bad.stdout).not.toContain("S3cr3tPw");
  });

  it("refuses settings that would be silently ignored: a query in --path, --respond with --forward-to (exit 2)", async () => {
    const query = await runMain(["listen", "--port", "0", "--path", "/hooks?token=abc123"]);
    expect(query.code).toBe(2);
    expect(query.stderr).toContain("--path /hooks…: a path only, without a query string or fragment");
    expect(query.stderr).not.toContain("abc123");
    const both = await runMain(["listen", "--port", "0", "--respond", "503", "--forward-to", "http://127.0.0.1:1/"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--respond and --forward-to do not go together");
  });
});
