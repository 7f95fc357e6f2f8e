/**
 * listen --ui and tail --ui: the inspector page beside the command, fed live, its replay targets
 * taken from the command line (the listener's route, the app); --log-max-size rotates the log.
 * In-process (main with fake streams), against real HTTP and websocket servers.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { startMain, type Started } from "../helpers/main.js";

const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});
function start(args: string[], cwd: string): Started {
  const r = startMain(args, { cwd });
  running.push(r);
  return r;
}

/** Signs in with the page's token and returns a fetch for its API. */
async function page(url: string): Promise<(path: string, init?: { method?: string; body?: string }) => Promise<{ status: number; json: () => Promise<unknown> }>> {
  const u = new URL(url);
  const signin = await request(url, { method: "GET" });
  await signin.body.dump();
  const cookie = String(signin.headers["set-cookie"]).split(";")[0]!;
  return async (path, init = {}) => {
    const res = await request(`${u.origin}${path}`, {
      method: (init.method ?? "GET") as "GET" | "POST",
      headers: { cookie, ...(init.body !== undefined && { "content-type": "application/json", origin: u.origin }) },
      ...(init.body !== undefined && { body: init.body }),
    });
    return { status: res.statusCode, json: () => res.body.json() };
  };
}

describe("listen --ui", () => {
  it("shows every request live, and replays one to the listener's route with its own key", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "telematics-ui-"));
    const l = start(["listen", "--port", "0", "--ui", "--ui-port", "0", "--route", "/zubie=zubie"], cwd);
    await l.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
    const origin = /POST (http:\/\/127\.0\.0\.1:\d+)\/zubie/.exec(l.stderr())?.[1] ?? /receiving webhooks at (http:\/\/127\.0\.0\.1:\d+)/.exec(l.stderr())![1]!;
    const uiUrl = /inspect\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(l.stderr())![1]!;
    const sent = startMain(["send", "--fixture", "zubie/trip_end", "--to", `${origin}/zubie`], { cwd });
    expect((await sent.done).code).toBe(0);
    const api = await page(uiUrl);
    const list = (await (await api("/api/entries")).json()) as { rows: { id: number; event?: string; verdict?: string; status?: number }[] };
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ event: "trip_end", verdict: "valid", status: 200 });
    const config = (await (await api("/api/config")).json()) as { targets: { name: string; url: string }[]; resign: boolean };
    expect(config.targets).toEqual([{ name: "listener", url: `${origin}/zubie` }]);
    expect(config.resign).toBe(true);
    // An edited body is re-signed with the dev secret the route checks: the listener verifies it.
    const logged = () => readFileSync(join(cwd, ".telematics", "events.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { body: string; verification: { verdict: string } });
    const edited = JSON.stringify({ ...(JSON.parse(logged()[0]!.body) as object), trip: { distance: 1 } });
    const r = await api(`/api/entries/${list.rows[0]!.id}/replay`, { method: "POST", body: JSON.stringify({ target: "listener", body: edited }) });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ target: "listener", status: 200, resigned: true, edited: true });
    await l.waitFor(() => logged().length === 2);
    expect(logged()[1]).toMatchObject({ body: edited, verification: { verdict: "valid" } });
  });

  it("--log-max-size rotates the event log to events.1.ndjson", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "telematics-rotate-"));
    const l = start(["listen", "--port", "0", "--log-max-size", "4kb"], cwd);
    await l.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
    expect(l.stderr()).toContain("(rotated at");
    const origin = /receiving webhooks at (http:\/\/127\.0\.0\.1:\d+)/.exec(l.stderr())![1]!;
    const sent = await startMain(["send", "--fixture", "zubie/trip_end", "--count", "6", "--to", `${origin}/`], { cwd }).done;
    expect(sent.code, sent.stderr).toBe(0);
    const log = join(cwd, ".telematics", "events.ndjson");
    await l.waitFor(() => existsSync(join(cwd, ".telematics", "events.1.ndjson")));
    expect(statSync(log).size).toBeLessThanOrEqual(4096);
    const lines = [log, join(cwd, ".telematics", "events.1.ndjson")].flatMap((f) => readFileSync(f, "utf8").trim().split("\n"));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ v: 1, status: 200 });
  });
});

describe("tail --ui", () => {
  it("shows each feed event in the page as it arrives", async () => {
    const { WebSocketServer } = await import("ws");
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((r) => wss.once("listening", r));
    const trip = readFileSync(join(__dirname, "../../fixtures/automatic/trip_finished.json"), "utf8");
    wss.on("connection", (ws) => ws.send(JSON.stringify(JSON.parse(trip))));
    try {
      const cwd = mkdtempSync(join(tmpdir(), "telematics-tail-ui-"));
      const t = start(["tail", `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`, "--protocol", "raw", "--ui", "--ui-port", "0"], cwd);
      await t.waitFor(({ stdout }) => stdout.includes("trip:finished"));
      const api = await page(/inspect: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(t.stderr())![1]!);
      const list = (await (await api("/api/entries")).json()) as { rows: { event?: string; provider?: string }[] };
      expect(list.rows).toEqual([expect.objectContaining({ event: "trip:finished", provider: "automatic" })]);
    } finally {
      wss.close();
    }
  });
});
