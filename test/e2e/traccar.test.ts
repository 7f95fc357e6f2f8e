/**
 * Traccar end to end, in-process: listen serving a GET route for positions (forward.type url, the
 * default) and a POST route for events (event.forward.url); send of a position as a GET and of
 * events as JSON; a plain GET with a query built here, the way Traccar's forward.url template fills
 * it; a scenario; sign, verify-signature, validate, fixtures and schemas export. Traccar signs
 * nothing, so the receiver written here checks what Traccar's requests are (node:http and
 * node:crypto alone): JSON bodies byte for byte, no signature header, a GET with no body.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startListen, type Listener } from "../helpers/listen-server.js";
import { runMain } from "../helpers/main.js";
import { startReceiver } from "../helpers/receiver.js";
import { ROOT } from "../helpers/run-cli.js";

type Obj = Record<string, any>;
const FIXTURES = join(ROOT, "fixtures", "traccar");
const temp = () => mkdtempSync(join(tmpdir(), "telematics-traccar-"));
const records = (cwd: string): Obj[] =>
  readFileSync(join(cwd, ".telematics", "events.ndjson"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Obj);
const lines = (s: string) => s.split("\n").filter((l) => l.trim());

const listeners: Listener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.stop())));

describe("listen: Traccar positions as a GET, events as JSON", () => {
  it("receives send --method GET of a position on a GET route: logged with its query, read as Traccar's JSON shape, facts printed", async () => {
    const cwd = temp();
    const l = await startListen(["--no-color", "--route", "GET /positions=traccar", "--route", "/events=traccar"], { cwd });
    listeners.push(l);
    expect(l.run.stderr()).toMatch(/GET {2}http:\/\/127\.0\.0\.1:\d+\/positions {2}traccar/);

    const before = Date.now();
    const s = await runMain(["send", "--fixture", "traccar/position", "--method", "GET", "--to", `${l.origin}/positions`, "--no-color"], { cwd });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^200 {2}\d+ms {2}traccar\/position .*delivered/);

    await l.run.waitFor(({ stdout }) => stdout.includes("→ 200"));
    const [rec] = records(cwd);
    expect(rec).toMatchObject({ method: "GET", provider: "traccar", event: "position", status: 200, body: "", verification: { verdict: "unsigned" }, validation: { valid: true, errors: [] } });
    // The record keeps the query as Traccar sent it; the position was moved to now.
    const q = new URL(rec!.path, "http://x").searchParams;
    expect(rec!.path).toMatch(/^\/positions\?id=356307042441013&name=Van\+7&deviceId=12&/);
    expect(Object.fromEntries([...q].filter(([k]) => ["id", "lat", "lon", "speed", "bearing", "address"].includes(k)))).toEqual({ id: "356307042441013", lat: "51.89604", lon: "4.46153", speed: "27.5", bearing: "48.0", address: "Pleinweg 210, 3083 EZ Rotterdam, Netherlands" });
    expect(Number(q.get("timestamp"))).toBeGreaterThanOrEqual(before - 1000);
    expect(rec!.event_id).toBe(`position:356307042441013@${new Date(Number(q.get("timestamp"))).toISOString()}`);
    expect(JSON.parse(q.get("attributes")!)).toMatchObject({ ignition: true, totalDistance: 45001652.1 });
    // The readable block.
    const out = lines(l.run.stdout());
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}traccar position {2}unsigned {2}Van 7 \(uniqueId 356307042441013\) {2}id position:356307042441013@\S+ {2}→ 200$/);
    expect(out[1]).toBe("  at 51.89604,4.46153 · 51 km/h (27.5 kn) · course 48° · Pleinweg 210, 3083 EZ Rotterdam, Netherlands · ignition on");
  });

  it("receives a plain GET whose query a Traccar forward.url template filled in (OsmAnd names), and flags the same query again as a duplicate", async () => {
    const cwd = temp();
    const l = await startListen(["--no-color", "--route", "GET /positions=traccar"], { cwd });
    listeners.push(l);
    // forward.url = http://host/positions?id={uniqueId}&lat={latitude}&lon={longitude}&timestamp={fixTime}&speed={speed}&bearing={course}&batt={batteryLevel}&address={address}
    const fix = Date.now() - 3_000;
    const query = new URLSearchParams({ id: "356307042441013", lat: "51.92004", lon: "4.48561", timestamp: String(fix), speed: "8.1", bearing: "75.0", batt: "null" });
    const url = `${l.origin}/positions?${query}&address={address}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "success", message: "Event received successfully." });
    expect((await fetch(url)).status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.split("→ 200").length === 3);
    const [a, b] = records(cwd);
    expect(a).toMatchObject({ method: "GET", provider: "traccar", event: "position", event_id: `position:356307042441013@${new Date(fix).toISOString()}`, validation: { valid: true } });
    expect(a!.late_by_ms).toBeUndefined();
    expect(b!.duplicate_of).toBe(a!.received_at);
    const out = l.run.stdout();
    expect(out).toContain("  at 51.92004,4.48561 · 15 km/h (8.1 kn) · course 75°\n");
    expect(out).toContain("! duplicate of the delivery received at");
    // A POST to the GET route is refused with the method it takes.
    const post = await fetch(`${l.origin}/positions`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("receives events POSTed as JSON on the event route and, with no route, detects them as Traccar by their shape", async () => {
    const cwd = temp();
    const l = await startListen(["--no-color", "--route", "/events=traccar"], { cwd });
    listeners.push(l);
    for (const f of ["deviceOnline", "ignitionOn", "deviceOverspeed", "geofenceEnter", "alarm"]) {
      const s = await runMain(["send", "--fixture", `traccar/${f}`, "--to", `${l.origin}/events`], { cwd });
      expect(s.code, s.stderr).toBe(0);
    }
    await l.run.waitFor(({ stdout }) => stdout.split("→ 200").length === 6);
    expect(records(cwd).map((r) => [r.event, r.status, r.verification.verdict, r.validation.valid])).toEqual(
      ["deviceOnline", "ignitionOn", "deviceOverspeed", "geofenceEnter", "alarm"].map((e) => [e, 200, "unsigned", true]),
    );
    const out = l.run.stdout();
    expect(out).toMatch(/traccar deviceOverspeed {2}unsigned {2}Van 7 \(uniqueId 356307042441013\) {2}id event:\d+ {2}→ 200\n {2}overspeed 97 km\/h \(52\.4 kn\), limit 80 km\/h \(43\.2 kn\) · at 51\.90521,4\.46706 · Maastunnel/);
    expect(out).toContain("  entered Blaak market hall (customer) · at 51.92004,4.48561");
    expect(out).toContain("  alarm: hardBraking · ");

    const autoCwd = temp();
    const auto = await startListen(["--no-color"], { cwd: autoCwd });
    listeners.push(auto);
    const s = await runMain(["send", "--fixture", "traccar/ignitionOff", "--to", `${auto.origin}/`], { cwd: autoCwd });
    expect(s.code, s.stderr).toBe(0);
    await auto.run.waitFor(({ stdout }) => stdout.includes("→ 200"));
    expect(records(autoCwd)[0]).toMatchObject({ provider: "traccar", event: "ignitionOff", verification: { verdict: "unsigned" } });
  });

  it("receives the traccar-trip scenario: every event valid, none a duplicate; send --from-log replays the GET positions as GETs", async () => {
    const cwd = temp();
    const l = await startListen(["--no-color", "--route", "/events=traccar", "--route", "GET /positions=traccar", "--late-after", "2h"], { cwd });
    listeners.push(l);
    const s = await runMain(["send", "--scenario", "traccar-trip", "--to", `${l.origin}/events`, "--json"], { cwd });
    expect(s.code, s.stderr).toBe(0);
    expect(lines(s.stdout)).toHaveLength(11);
    await l.run.waitFor(({ stdout }) => stdout.split("→ 200").length === 12);
    const got = records(cwd);
    expect(got.map((r) => r.event)).toEqual(["deviceOnline", "ignitionOn", "deviceMoving", "geofenceExit", "position", "position", "deviceOverspeed", "position", "geofenceEnter", "deviceStopped", "ignitionOff"]);
    for (const r of got) expect([r.status, r.validation.errors, r.duplicate_of, r.late_by_ms]).toEqual([200, [], undefined, undefined]);

    // A GET delivery replayed from the log: its query is read back, and sent again as a GET.
    const g = await runMain(["send", "--fixture", "traccar/position", "--method", "GET", "--to", `${l.origin}/positions`], { cwd });
    expect(g.code, g.stderr).toBe(0);
    await l.run.waitFor(({ stdout }) => stdout.split("→ 200").length === 13);
    const log = join(cwd, "positions.ndjson");
    writeFileSync(log, JSON.stringify(records(cwd).at(-1)) + "\n");
    const replay = await runMain(["send", "--from-log", log, "--method", "GET", "--to", `${l.origin}/positions`], { cwd });
    expect(replay.code, replay.stderr).toBe(0);
    await l.run.waitFor(({ stdout }) => stdout.split("→ 200").length === 14);
    const last = records(cwd).at(-1)!;
    expect(last).toMatchObject({ method: "GET", event: "position", status: 200, validation: { valid: true } });
    expect(new URL(last.path, "http://x").searchParams.get("id")).toBe("356307042441013");
  });
});

describe("send, sign and verify-signature for an unsigned provider", () => {
  it("POSTs the fixture's bytes unchanged with --as-is and no signature header; a GET carries no body and no Content-Type", async () => {
    // Traccar signs nothing: the receiver takes every request, and the test checks what came.
    const r = await startReceiver(() => true, "/traccar");
    const bytes = readFileSync(join(FIXTURES, "deviceOnline.json"));
    const s = await runMain(["send", "--fixture", "traccar/deviceOnline", "--as-is", "--to", r.url]);
    expect(s.code, s.stderr).toBe(0);
    const post = r.got[0]!;
    expect(post.method).toBe("POST");
    expect(createHash("sha256").update(post.body).digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(post.headers["content-type"]).toBe("application/json");
    expect(Object.keys(post.headers).filter((h) => /signature|authorization/i.test(h))).toEqual([]);

    const before = Date.now();
    const g = await runMain(["send", "--fixture", "traccar/position", "--method", "GET", "--to", r.url]);
    expect(g.code, g.stderr).toBe(0);
    const get = r.got[1]!;
    expect(get.method).toBe("GET");
    expect(get.body.length).toBe(0);
    expect(get.headers["content-type"]).toBeUndefined();
    const q = new URL(get.url, "http://x").searchParams;
    expect(q.get("id")).toBe("356307042441013");
    expect(Number(q.get("timestamp"))).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(q.get("timestamp"))).toBeLessThanOrEqual(Date.now());
  });

  it("--dry-run prints the GET as curl, with the query and without a body", async () => {
    const s = await runMain(["send", "--fixture", "traccar/position", "--method", "GET", "--to", "http://127.0.0.1:9/positions", "--dry-run"]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^curl -sS 'http:\/\/127\.0\.0\.1:9\/positions\?id=356307042441013&name=Van\+7&/);
    expect(s.stdout).not.toContain("--data-raw");
    expect(s.stdout).not.toContain("-X POST");
  });

  it("sign prints Content-Type only and says the provider signs nothing; verify-signature explains and exits 2", async () => {
    const file = join(FIXTURES, "deviceOverspeed.json");
    const sign = await runMain(["sign", "--provider", "traccar", "--payload", file]);
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stdout.trim()).toBe("Content-Type: application/json");
    expect(sign.stderr).toContain("Traccar webhooks are not signed");
    const v = await runMain(["verify-signature", "--provider", "traccar", "--payload", file, "--header", "Authorization: Bearer t0k3n"]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("Traccar does not sign what it forwards");
    expect(v.stderr).toContain("forward.header");
  });
});

describe("validate, fixtures, schemas", () => {
  it("validate passes every Traccar fixture and points at what is wrong in a broken one", async () => {
    const ok = await runMain(["validate", FIXTURES]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const dir = temp();
    const bad = join(dir, "overspeed.json");
    const text = readFileSync(join(FIXTURES, "deviceOverspeed.json"), "utf8").replace('"latitude": 51.90521', '"latitude": 151.90521');
    writeFileSync(bad, text);
    const r = await runMain(["validate", bad]);
    expect(r.code).toBe(1);
    const line = text.split("\n").findIndex((l) => l.includes("151.90521")) + 1;
    expect(r.stdout + r.stderr).toMatch(new RegExp(`overspeed\\.json:${line}:\\d+.*latitude must be between -90 and 90`));
  });

  it("fixtures lists the Traccar events, named by their type", async () => {
    const r = await runMain(["fixtures", "--provider", "traccar", "--json"]);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as { id: string; event: string; name: string });
    expect(rows).toHaveLength(14);
    for (const row of rows) expect(row.event).toBe(row.name);
    expect(rows.map((x) => x.id)).toContain("traccar/position");
  });

  it("schemas export writes the position's JSON Schema, speed in knots", async () => {
    const r = await runMain(["schemas", "export", "traccar/position"]);
    expect(r.code, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as Obj;
    expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "traccar/position", type: "object" });
    expect(schema.properties.position.properties.speed.description).toBe("knots");
    expect(schema.required).toEqual(["position", "device"]);
  });
});
