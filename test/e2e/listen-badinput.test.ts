/**
 * Bad input: more than 1,000 malformed requests (random bytes, truncated JSON, invalid UTF-8,
 * oversized bodies and headers, wrong methods and paths, bad signatures, slow clients, clients that
 * hang up mid-body), while correct requests keep being answered 200 throughout. The listener never
 * throws, and every request is in the log.
 */
import { createHmac, randomBytes } from "node:crypto";
import { connect } from "node:net";
import { Pool } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { readEventLog } from "../../src/io/event-log.js";
import { fixtureBytes, startListen, type Listener } from "../helpers/listen-server.js";

const SECRET = "bad-input-secret";
let listener: Listener | undefined;
afterEach(async () => {
  await listener?.stop("SIGKILL");
});

const sign = (body: Uint8Array) => createHmac("sha256", SECRET).update(body).digest("base64");

/** Writes raw bytes on a new connection, optionally ends or resets it, and returns what came back. */
function raw(port: number, chunks: (string | Buffer)[], how: { end?: boolean; reset?: boolean; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let got = "";
    sock.on("data", (d: Buffer) => (got += d.toString("latin1")));
    sock.on("error", () => {});
    sock.on("close", () => resolve(got));
    sock.on("connect", () => {
      for (const c of chunks) sock.write(c);
      if (how.reset) setTimeout(() => sock.resetAndDestroy(), how.waitMs ?? 20);
      else if (how.end) sock.end();
    });
  });
}

/** Runs tasks with at most `n` in flight. */
async function limit<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe("listen against bad input", () => {
  it("answers 1,000+ malformed requests, keeps answering correct ones, and logs every request", async () => {
    listener = await startListen(["--secret", SECRET, "--provider", "zubie", "--max-body", "4kb", "--request-timeout", "1s", "--json"]);
    const l = listener;
    const pool = new Pool(l.origin, { connections: 16 });
    const send = async (method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string> = {}) => {
      const res = await pool.request({ method: method as "POST", path, body, headers });
      await res.body.text();
      return res.statusCode;
    };
    const good = fixtureBytes("zubie/trip_end");
    const tasks: (() => Promise<[string, number | string]>)[] = [];
    const add = (n: number, kind: string, f: (i: number) => Promise<number | string>) => {
      for (let i = 0; i < n; i++) tasks.push(async () => [kind, await f(i)]);
    };

    // Random bytes on a raw connection (first byte never a letter or CR/LF, so it is never a request line).
    add(200, "random bytes", (i) => raw(l.port, [Buffer.concat([Buffer.from([0x01 + (i % 8)]), randomBytes(1 + (i * 37) % 300)])], { end: true }));
    // Truncated JSON, correctly signed: not JSON.
    add(200, "truncated JSON", (i) => {
      const cut = good.subarray(0, 1 + ((i * 13) % (good.byteLength - 2)));
      return send("POST", "/", cut, { "content-type": "application/json", "zubie-signature": sign(cut) });
    });
    // Invalid UTF-8, correctly signed.
    add(150, "invalid UTF-8", (i) => {
      const b = Buffer.concat([Buffer.from('{"event":"'), Buffer.from([0xff, 0xc0 + (i % 32), 0x80, 0xfe]), Buffer.from('"}')]);
      return send("POST", "/", b, { "content-type": "application/json", "zubie-signature": sign(b) });
    });
    // Bodies over --max-body (some declared, some chunked).
    add(60, "oversized body", (i) => send("POST", "/", Buffer.alloc(5000 + i * 997, 0x61), { "content-type": "application/json" }));
    add(20, "oversized chunked body", () => raw(l.port, ["POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n", ...Array.from({ length: 10 }, () => `3e8\r\n${"b".repeat(1000)}\r\n`), "0\r\n\r\n"]));
    // Headers over 16 KiB.
    add(50, "oversized headers", (i) => raw(l.port, [`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${"h".repeat(17_000 + i)}\r\n\r\n`], { end: true }));
    // Wrong methods, wrong paths.
    add(150, "wrong method", (i) => send(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"][i % 5]!, "/", i % 5 === 0 ? undefined : "{}"));
    add(100, "wrong path", (i) => send("POST", `/nope/${i}?q=${i}`, "{}", { "content-type": "application/json" }));
    // Bad and missing signatures.
    add(100, "bad signature", (i) => send("POST", "/", good, { "content-type": "application/json", ...(i % 2 ? { "zubie-signature": "AAAA" + sign(good).slice(4) } : {}) }));
    // Malformed HTTP: bad header names, bad Content-Length.
    add(40, "malformed HTTP", (i) => raw(l.port, [i % 2 ? "POST / HTTP/1.1\r\nBad Header: x\r\n\r\n" : "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"], { end: true }));
    // Clients that hang up mid-body.
    add(20, "aborted", () => raw(l.port, ["POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"event\":"], { reset: true, waitMs: 30 }));
    // Slow clients: half a head, or half a body, then nothing.
    add(10, "slow headers", () => raw(l.port, ["POST / HTTP/1.1\r\nHost: x\r\n"]));
    add(10, "slow body", () => raw(l.port, ["POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":"]));
    const malformed = tasks.length;
    expect(malformed).toBeGreaterThanOrEqual(1000);

    // Correct requests all along.
    let stop = false;
    const goodStatuses: number[] = [];
    const goodLoop = (async () => {
      for (let i = 0; !stop; i++) {
        const b = Buffer.from(good.toString().replace('"id": "123456"', `"id": "g${i}"`));
        goodStatuses.push(await send("POST", "/", b, { "content-type": "application/json", "zubie-signature": sign(b) }));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const results = await limit(24, tasks);
    stop = true;
    await goodLoop;
    await pool.close();

    const by = (kind: string) => results.filter(([k]) => k === kind).map(([, v]) => v);
    expect(new Set(by("truncated JSON"))).toEqual(new Set([400]));
    expect(new Set(by("invalid UTF-8"))).toEqual(new Set([400]));
    expect(new Set(by("oversized body"))).toEqual(new Set([413]));
    expect(new Set(by("wrong method"))).toEqual(new Set([405]));
    expect(new Set(by("wrong path"))).toEqual(new Set([404]));
    expect(new Set(by("bad signature"))).toEqual(new Set([401]));
    for (const r of by("random bytes")) expect(r).toMatch(/^HTTP\/1\.1 400 /);
    for (const r of by("oversized chunked body")) expect(r).toMatch(/^HTTP\/1\.1 413 /);
    for (const r of by("oversized headers")) expect(r).toMatch(/^HTTP\/1\.1 431 /);
    for (const r of by("malformed HTTP")) expect(r).toMatch(/^HTTP\/1\.1 400 /);
    for (const r of [...by("slow headers"), ...by("slow body")]) expect(r).toMatch(/^HTTP\/1\.1 408 /);
    expect(goodStatuses.length).toBeGreaterThan(10);
    expect(new Set(goodStatuses)).toEqual(new Set([200]));

    // Every request is in the log, and nothing went wrong inside.
    const total = malformed + goodStatuses.length;
    await l.run.waitFor(({ stdout }) => stdout.split("\n").filter(Boolean).length >= total, 10_000);
    const { code } = await l.stop("SIGINT");
    expect(code).toBe(130);
    const statuses = new Map<string, number>();
    let lines = 0;
    for await (const e of readEventLog(l.logPath)) {
      if ("error" in e) throw new Error(`line ${e.line}: ${e.error}`);
      lines++;
      const key = String(e.record.status ?? "none");
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    expect(lines).toBe(total);
    expect(statuses.get("none")).toBe(20); // the clients that hung up could not be answered
    expect(statuses.get("408")).toBe(20);
    expect(l.run.stderr()).not.toMatch(/listener error|unexpected|Error:/);
  }, 60_000);
});
