/**
 * `telematics listen` at its edges, each case found by reviewing the command: a log that cannot be
 * written, a body too deep to pretty-print, a client that hangs up after a 413, malformed requests
 * under --events, and a body that starts with a byte order mark.
 */
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { post, startListen, type Listener } from "../helpers/listen-server.js";

const SECRET = "edges-secret-5151";
const running: Listener[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGKILL")));
});
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
    await new Promise((r) => setTimeout(r, 200));
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
});
