/**
 * Durability: under a load of signed requests, `kill -9` the listener. Every request that was
 * answered 2xx must be in the event log (the record is written before the answer), and the log must
 * parse line by line.
 */
import { createHmac } from "node:crypto";
import { Pool } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { readEventLog } from "../../src/io/event-log.js";
import { fixtureBytes, startListen, type Listener } from "../helpers/listen-server.js";
import type { Running } from "../helpers/spawn-cli.js";

const SECRET = "fault-secret";
let listener: Listener<Running> | undefined;
afterEach(async () => {
  await listener?.stop("SIGKILL");
});

describe("listen under kill -9", () => {
  it("every request answered 2xx is in the log, and the log parses line by line", async () => {
    listener = await startListen(["--secret", SECRET, "--provider", "uber"], { spawn: true }); // kill -9 needs a process
    const l = listener;
    const template = JSON.parse(fixtureBytes("uber/driver_ontrip").toString()) as Record<string, unknown>;
    const pool = new Pool(l.origin, { connections: 24 });
    const answered = new Set<string>();
    let sent = 0;
    let failed = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const id = `evt-${w}-${i}`;
        const body = JSON.stringify({ ...template, event_id: id });
        sent++;
        try {
          const res = await pool.request({ path: "/", method: "POST", body, headers: { "content-type": "application/json", "x-uber-signature": createHmac("sha256", SECRET).update(body).digest("hex") } });
          await res.body.text();
          if (res.statusCode >= 200 && res.statusCode < 300) answered.add(id);
        } catch {
          failed++; // the listener died with this request in flight
        }
      }
    };
    const workers = Array.from({ length: 24 }, (_, w) => worker(w));
    // Let the load build up, then kill without warning.
    while (answered.size < 1500) await new Promise((r) => setTimeout(r, 20));
    l.run.child.kill("SIGKILL");
    killed = true;
    await Promise.all(workers);
    await pool.destroy();
    const exit = await l.run.exit();
    expect(exit.signal).toBe("SIGKILL");

    const logged = new Set<string>();
    let lines = 0;
    for await (const entry of readEventLog(l.logPath)) {
      lines++;
      if ("error" in entry) throw new Error(`line ${entry.line}: ${entry.error}`);
      if (entry.record.event_id) logged.add(entry.record.event_id);
    }
    const missing = [...answered].filter((id) => !logged.has(id));
    expect(missing).toEqual([]);
    expect(answered.size).toBeGreaterThanOrEqual(1500);
    expect(lines).toBeGreaterThanOrEqual(answered.size);
    expect(sent).toBeGreaterThan(answered.size); // some were in flight when it died
    expect(failed).toBeGreaterThan(0);
  }, 30_000);
});
