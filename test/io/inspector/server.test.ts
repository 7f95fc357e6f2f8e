import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startInspector, type Inspector } from "../../../src/io/inspector/index.js";
import { call, readStream, signIn, startSink, webhookRecord, type Reply, type Sink } from "./helpers.js";

/** A bearer token that is in the raw headers only (extras), and a secret the command redacts. */
const TOKEN = "push-token-abcdef-987";
const REDACTED_SECRET = "s3cr3t-that-must-not-show";

let inspector: Inspector;
let sink: Sink;
let other: Sink;
let cookie: string;
let port: number;
const resigned: { body: string; target: string }[] = [];

beforeAll(async () => {
  sink = await startSink();
  other = await startSink();
  inspector = await startInspector({
    port: 0,
    targets: { sink: sink.url },
    redact: (text) => text.replaceAll(REDACTED_SECRET, "[redacted]"),
    resign: ({ body, headers, target }) => {
      resigned.push({ body: body.toString("utf8"), target });
      return { headers: { ...headers, "x-signed": "yes" } };
    },
  });
  port = inspector.port;
  inspector.add(webhookRecord("zubie/trip_end"));
  inspector.add(webhookRecord("uber/driver_online", { verification: { verdict: "invalid", reason: "mismatch", message: "X-Uber-Signature does not match" }, status: 401 }));
  const push = webhookRecord("events-push/overspeed", { headers: { "content-type": "application/json", authorization: "Bearer [redacted]" } });
  push.body = String(push.body).replace("Indore", `Indore ${REDACTED_SECRET}`);
  inspector.add(push, { headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, host: "provider.example" } });
  cookie = await signIn(port, inspector.url);
});

afterAll(async () => {
  await inspector.close();
  await sink.close();
  await other.close();
});

afterEach(() => {
  sink.received.length = 0;
  other.received.length = 0;
});

const get = (path: string, headers: Record<string, string> = {}) => call(port, "GET", path, { cookie, ...headers });
const origin = () => `http://127.0.0.1:${port}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(port, "POST", path, { cookie, origin: origin(), "content-type": "application/json", ...headers }, typeof body === "string" ? body : JSON.stringify(body));

const API_GETS = ["/api/config", "/api/entries", "/api/entries/1", "/api/summary", "/api/positions", "/api/export", "/api/stream"];

function expectSecurityHeaders(r: Reply): void {
  const csp = String(r.headers["content-security-policy"]);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(r.headers["x-content-type-options"]).toBe("nosniff");
  expect(Object.keys(r.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
}

describe("Host check (DNS rebinding)", () => {
  it.each([["evil.example"], [`evil.example:PORT`], ["localhost:1"], ["127.0.0.1"], ["127.0.0.2:PORT"], ["127.0.0.1:PORT.evil.example"]])("refuses Host %s with 403, on the page and the API", async (host) => {
    const h = host.replace("PORT", String(port));
    for (const path of ["/", "/app.js", "/api/entries", `/?token=${new URL(inspector.url).searchParams.get("token")}`]) {
      const r = await call(port, "GET", path, { host: h, cookie });
      expect(r.status).toBe(403);
      expect(r.body).not.toContain("trip_end");
      expect(r.headers["set-cookie"]).toBeUndefined();
      expectSecurityHeaders(r);
    }
  });

  it("refuses a request without Host", async () => {
    const { connect } = await import("node:net");
    const text = await new Promise<string>((resolve, reject) => {
      const sock = connect(port, "127.0.0.1", () => sock.end(`GET /api/entries HTTP/1.0\r\nCookie: ${cookie}\r\n\r\n`));
      let got = "";
      sock.setEncoding("utf8").on("data", (d: string) => (got += d));
      sock.on("end", () => resolve(got));
      sock.on("error", reject);
    });
    expect(text).toMatch(/^HTTP\/1\.[01] 403/);
    expect(text).not.toContain("trip_end");
  });

  it("accepts localhost, 127.0.0.1 and [::1] with the right port", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await call(port, "GET", "/api/entries", { host, cookie })).status).toBe(200);
    }
  });
});

describe("token and cookie", () => {
  it("exchanges the URL's token for an HttpOnly SameSite=Strict cookie named after the port, then redirects to the clean URL", async () => {
    const token = new URL(inspector.url).searchParams.get("token")!;
    const r = await call(port, "GET", `/?view=map&token=${token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe("/?view=map");
    const set = r.headers["set-cookie"]![0]!;
    expect(set).toMatch(new RegExp(`^telematics_inspect_${port}=`));
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    // The cookie is not the token: the URL in a terminal's scrollback is not the session.
    expect(set).not.toContain(token);
  });

  it("refuses a wrong token with 403 and no cookie", async () => {
    const r = await call(port, "GET", "/?token=nope");
    expect(r.status).toBe(403);
    expect(r.headers["set-cookie"]).toBeUndefined();
  });

  it("serves the page itself without the cookie (it holds no data)", async () => {
    const r = await call(port, "GET", "/");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/text\/html/);
    expect(r.body).toContain('<script type="module" src="app.js">');
    expect(r.body).not.toMatch(/<script>|<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=/); // no inline script, style or handler
    expectSecurityHeaders(r);
  });

  it.each(API_GETS)("GET %s: 401 without the cookie, 403 with a wrong one, 401 with another port's", async (path) => {
    const none = await call(port, "GET", path);
    expect(none.status).toBe(401);
    expectSecurityHeaders(none);
    expect(none.body).not.toContain("trip_end");
    const wrong = await call(port, "GET", path, { cookie: `telematics_inspect_${port}=forged` });
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain("trip_end");
    const otherPort = await call(port, "GET", path, { cookie: cookie.replace(`_${port}=`, `_${port + 1}=`) });
    expect(otherPort.status).toBe(401);
  });

  it("POST replay: 401 without the cookie, 403 with a wrong one, and nothing is sent", async () => {
    const headers = { origin: origin(), "content-type": "application/json" };
    expect((await call(port, "POST", "/api/entries/1/replay", headers, '{"target":"sink"}')).status).toBe(401);
    expect((await call(port, "POST", "/api/entries/1/replay", { ...headers, cookie: `telematics_inspect_${port}=x` }, '{"target":"sink"}')).status).toBe(403);
    expect(sink.received).toHaveLength(0);
  });
});

describe("actions", () => {
  it("refuses a POST without Origin, from another origin, cross-site, or not JSON, and sends nothing", async () => {
    const cases: Record<string, string>[] = [
      { origin: "" },
      { origin: "http://evil.example" },
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of cases) {
      const h: Record<string, string> = { cookie, origin: origin(), "content-type": "application/json", ...headers };
      if (h.origin === "") delete h.origin;
      const r = await call(port, "POST", "/api/entries/1/replay", h, '{"target":"sink"}');
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expectSecurityHeaders(r);
    }
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await post("/api/entries/1/replay", '{"target":"sink"}', { "content-type": type });
      expect(r.status).toBe(415);
    }
    expect(sink.received).toHaveLength(0);
  });

  it("answers a CORS preflight without any CORS header", async () => {
    const r = await call(port, "OPTIONS", "/api/entries/1/replay", { origin: "http://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type", cookie });
    expect(r.status).toBe(405);
    expectSecurityHeaders(r);
  });

  it("replays the same bytes and the raw headers to the named target, and reports the answer", async () => {
    const r = await post("/api/entries/3/replay", { target: "sink" });
    expect(r.status).toBe(200);
    const result = JSON.parse(r.body) as Record<string, unknown>;
    expect(result).toMatchObject({ target: "sink", status: 202, body_start: '{"ok":true}', resigned: false, edited: false });
    expect(typeof result.latency_ms).toBe("number");
    expect(sink.received).toHaveLength(1);
    const got = sink.received[0]!;
    expect(got.body).toBe(String(inspector.store.get(3)!.record.body));
    // The raw headers held in memory, not the redacted record's; the original Host is not sent.
    expect(got.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(got.headers.host).toBe(`127.0.0.1:${sink.port}`);
    // …and the token never came back to the page.
    expect(r.body).not.toContain(TOKEN);
  });

  it("without raw headers, replays the record's headers less the redacted ones", async () => {
    const entry = inspector.add(webhookRecord("events-push/sos", { headers: { "content-type": "application/json", authorization: "Bearer [redacted]", "x-trace": "t1" } }));
    await post(`/api/entries/${entry.id}/replay`, { target: "sink" });
    expect(sink.received[0]!.headers.authorization).toBeUndefined();
    expect(sink.received[0]!.headers["x-trace"]).toBe("t1");
  });

  it("never sends to a URL taken from the request body", async () => {
    const attempts = [
      { target: other.url },
      { target: "sink", url: other.url },
      { target: "sink", to: other.url, targets: { sink: other.url } },
      { target: "__proto__" },
      { target: "constructor" },
      { url: other.url },
    ];
    for (const body of attempts) await post("/api/entries/1/replay", body);
    expect(other.received).toHaveLength(0);
    const bad = await post("/api/entries/1/replay", { target: other.url });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/no replay target named/);
    // The ones that named a real target went there, and only there.
    expect(sink.received.length).toBe(2);
  });

  it("edit-and-replay goes through resign, and sends the edited bytes with its headers", async () => {
    const edited = '{"event":"trip_end","edited":true}';
    const r = await post("/api/entries/1/replay", { target: "sink", body: edited });
    expect(JSON.parse(r.body)).toMatchObject({ status: 202, edited: true, resigned: true });
    expect(resigned.at(-1)).toEqual({ body: edited, target: "sink" });
    expect(sink.received[0]!.body).toBe(edited);
    expect(sink.received[0]!.headers["x-signed"]).toBe("yes");
  });

  it("reports an unknown entry, a malformed body, and a resign failure", async () => {
    expect((await post("/api/entries/999/replay", { target: "sink" })).status).toBe(404);
    expect((await post("/api/entries/1/replay", "not json")).status).toBe(400);
    expect((await post("/api/entries/1/replay", { target: "sink", body: 12 })).status).toBe(400);
    const strict = await startInspector({ port: 0, targets: { sink: sink.url }, resign: () => { throw new Error("no secret to sign with"); } });
    try {
      strict.add(webhookRecord("zubie/trip_end"));
      const c = await signIn(strict.port, strict.url);
      const r = await call(strict.port, "POST", "/api/entries/1/replay", { cookie: c, origin: `http://127.0.0.1:${strict.port}`, "content-type": "application/json" }, JSON.stringify({ target: "sink", body: "{}" }));
      expect(r.status).toBe(422);
      expect(JSON.parse(r.body).error).toMatch(/cannot re-sign the edited body: no secret to sign with/);
    } finally {
      await strict.close();
    }
    expect(sink.received).toHaveLength(0);
  });

  it("reports a target that does not answer as an error, not a failure of the page", async () => {
    const down = await startSink();
    await down.close();
    const i = await startInspector({ port: 0, targets: { down: down.url } });
    try {
      i.add(webhookRecord("zubie/trip_end"));
      const c = await signIn(i.port, i.url);
      const r = await call(i.port, "POST", "/api/entries/1/replay", { cookie: c, origin: `http://127.0.0.1:${i.port}`, "content-type": "application/json" }, '{"target":"down"}');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).error).toMatch(/connection refused/);
    } finally {
      await i.close();
    }
  });
});

describe("no secret reaches the page", () => {
  it("in any API answer, the stream, the export or a curl command", async () => {
    const texts: string[] = [];
    for (const path of API_GETS.filter((p) => p !== "/api/stream")) texts.push((await get(path)).body);
    for (let id = 1; id <= 3; id++) texts.push((await get(`/api/entries/${id}`)).body);
    texts.push((await get("/api/entries?q=Indore")).body);
    texts.push((await readStream(port, "/api/stream?after=0", { cookie }, (t) => t.includes("event: hello"))).text);
    const all = texts.join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(REDACTED_SECRET);
    expect(all).toContain("[redacted]"); // the secret was in a body: it is shown redacted
    const detail = JSON.parse((await get("/api/entries/3")).body) as { curl: Record<string, string>; record: { headers: Record<string, string> } };
    expect(detail.record.headers.authorization).toBe("Bearer [redacted]");
    expect(detail.curl.sink).toContain("'authorization: Bearer [redacted]'");
  });
});

describe("API", () => {
  it("serves every response with the CSP, nosniff and no CORS header", async () => {
    for (const path of ["/", "/app.js", "/style.css", "/map.js", "/nope.js", ...API_GETS.filter((p) => p !== "/api/stream"), "/api/nope"]) {
      expectSecurityHeaders(await get(path));
    }
    const s = await readStream(port, "/api/stream", { cookie }, (t) => t.includes("event: hello"));
    expect(s.headers["content-type"]).toMatch(/text\/event-stream/);
    expect(s.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("does not serve files outside the page's folder", async () => {
    for (const path of ["/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json", "/.hidden.js", "/index.html%00.js"]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('"name"');
    }
  });

  it("lists newest first with the derived row, and gives an entry's detail with its raw body", async () => {
    const list = JSON.parse((await get("/api/entries")).body) as { rows: { id: number; provider: string; event: string; who?: string; positions: unknown[] }[]; matched: number };
    expect(list.rows.map((r) => r.id)).toEqual([...list.rows.map((r) => r.id)].sort((a, b) => b - a));
    const trip = list.rows.find((r) => r.id === 1)!;
    expect(trip).toMatchObject({ provider: "zubie", event: "trip_end", who: "HO787189 (VIN 5FNRL38249B044393)" });
    expect(trip.positions.length).toBeGreaterThan(0);
    const d = JSON.parse((await get("/api/entries/1")).body) as { body: string; pretty: string };
    expect(d.body).toBe(String(inspector.store.get(1)!.record.body));
    expect(JSON.parse(d.pretty)).toEqual(JSON.parse(d.body));
    expect((await get("/api/entries/abc")).status).toBe(404);
  });

  it("filters on the server: provider, event patterns, verdict, status, free text", async () => {
    const ids = async (q: string) => (JSON.parse((await get(`/api/entries?${q}`)).body) as { rows: { id: number }[] }).rows.map((r) => r.id).sort();
    expect(await ids("provider=zubie")).toEqual([1]);
    expect(await ids("event=trip_*,REALTIME*")).toEqual([1, 2]);
    expect(await ids("event=!trip_*")).not.toContain(1);
    expect(await ids("verdict=invalid")).toEqual([2]);
    expect(await ids("status=4xx")).toEqual([2]);
    expect(await ids("q=indore")).toContain(3);
    expect(await ids("q=indore")).not.toContain(1);
    expect(await ids("q=5FNRL38249B044393&provider=uber")).toEqual([]);
  });

  it("summarizes the filtered selection", async () => {
    const s = JSON.parse((await get("/api/summary?provider=zubie,uber")).body);
    expect(s).toMatchObject({ total: 2, verified: 1, failed: 1, refused: 1 });
    expect(s.types).toEqual(expect.arrayContaining([{ event: "trip_end", count: 1 }]));
    expect(s.p50).toBeGreaterThan(0);
  });

  it("exports the filtered selection as an NDJSON download", async () => {
    const r = await get("/api/export?provider=zubie");
    expect(r.headers["content-disposition"]).toMatch(/attachment; filename="telematics-events.ndjson"/);
    const lines = r.body.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ provider: "zubie", event: "trip_end", v: 1 });
  });

  it("streams new rows live, and resumes after Last-Event-ID", async () => {
    const last = inspector.store.lastId;
    // Added once the stream has said hello (it is subscribed by then): a live row, not backlog.
    let added: ReturnType<Inspector["add"]> | undefined;
    const { text } = await readStream(port, "/api/stream", { cookie }, (t) => {
      if (!added && t.includes("event: hello")) added = inspector.add(webhookRecord("uber/driver_ontrip"));
      return added !== undefined && t.includes(`"id":${added.id},`);
    });
    expect(text.indexOf("event: hello")).toBeLessThan(text.indexOf(`"id":${added!.id},`));
    // A page that saw up to `last` gets everything after it, in order, then the live point.
    const resumed = await readStream(port, "/api/stream", { cookie, "last-event-id": String(last - 1) }, (t) => t.includes("event: hello"));
    const ids = [...resumed.text.matchAll(/^id: (\d+)\ndata: \{"id"/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([last, added!.id]);
    // With a filter, only the matching ones.
    const filtered = await readStream(port, "/api/stream?provider=uber&after=0", { cookie }, (t) => t.includes("event: hello"));
    expect([...filtered.text.matchAll(/"provider":"(\w+)"/g)].map((m) => m[1])).toEqual(["uber", "uber"]);
  });
});
