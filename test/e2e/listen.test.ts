/**
 * `telematics listen` end to end: main() in-process (the real binary for real signals), driven with
 * undici (and curl), against real local apps for --forward-to. Signatures are computed in the test with node:crypto and the
 * standardwebhooks reference library, not with our signing code.
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { allFixtures, fixtureBytes, post, providerHeaders, startListen, type Listener } from "../helpers/listen-server.js";
import { ROOT } from "../helpers/run-cli.js";
import { runMain } from "../helpers/main.js";

const SECRET = "listen-secret-4242";
const TOKEN = "push-token-777";
const running: Listener[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop("SIGKILL")));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
async function listen(args: string[], options: Parameters<typeof startListen>[1] = {}): Promise<Listener> {
  const l = await startListen(args, options);
  running.push(l);
  return l;
}
/** A local app for --forward-to: records what it got, answers what `answer` says. */
async function app(answer: (req: IncomingMessage, body: Buffer) => { status: number; body: string }): Promise<{ url: string; got: { headers: IncomingMessage["headers"]; body: Buffer }[] }> {
  const got: { headers: IncomingMessage["headers"]; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      got.push({ headers: req.headers, body });
      const a = answer(req, body);
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(a.body);
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/app/hooks`, got };
}

describe("listen: receiving", () => {
  it("answers every provider's fixture, signed correctly, with 200 and logs it (auto-detected)", async () => {
    const l = await listen(["--secret", SECRET, "--token", TOKEN]);
    const fixtures = allFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) {
      const r = await post(`${l.origin}/`, f.bytes, providerHeaders(f.provider, f.bytes, SECRET, TOKEN));
      expect(r.status, f.id).toBe(200);
      // Smartcar's VERIFY is answered with the challenge's HMAC instead of the acknowledgement.
      if (f.id === "smartcar/verify") expect(JSON.parse(r.body), f.id).toHaveProperty("challenge");
      else expect(JSON.parse(r.body), f.id).toEqual({ status: "success", message: "Event received successfully." });
    }
    await l.run.waitFor(({ stdout }) => stdout.split("\n").filter((x) => /→ 200/.test(x)).length >= fixtures.length);
    const records = l.records();
    expect(records).toHaveLength(fixtures.length);
    for (const [i, f] of fixtures.entries()) {
      const rec = records[i]!;
      expect(rec, f.id).toMatchObject({ v: 1, source: "webhook", method: "POST", path: "/", provider: f.provider, status: 200, body: f.bytes.toString(), body_encoding: "utf8", validation: { valid: true } });
      expect((rec.verification as { verdict: string }).verdict, f.id).toBe(f.provider === "automatic" || f.provider === "traccar" ? "unsigned" : "valid");
    }
    // Secrets never appear anywhere.
    const everything = l.run.stdout() + l.run.stderr() + JSON.stringify(records);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(records.find((r) => r.provider === "events-push")!.headers).toMatchObject({ authorization: "Bearer [redacted]" });
    // The readable block: header line and summary.
    expect(l.run.stdout()).toMatch(/\d\d:\d\d:\d\d\.\d{3} {2}zubie trip_end {2}✔ verified {2}HO787189 \(VIN 5FNRL38249B044393\) {2}→ 200\n {2}14\.4 mi in 35m 35s · fuel \$2\.54/);
    expect(l.run.stdout()).toContain("automatic trip:finished  unsigned");
    const { code } = await l.stop();
    expect(code).toBe(130);
  }, 15_000);

  it("answers each error with its status and a JSON body", async () => {
    const l = await listen(["--secret", SECRET, "--path", "/hooks", "--max-body", "2kb"]);
    const body = fixtureBytes("zubie/trip_end");
    const bad = await post(`${l.origin}/hooks`, body, { "zubie-signature": createHmac("sha256", "wrong").update(body).digest("base64") });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toEqual({ status: "error", message: expect.stringMatching(/^signature check failed: Zubie-Signature does not match/) });
    const missing = await post(`${l.origin}/hooks`, fixtureBytes("uber/driver_online"), { "content-type": "application/json" });
    expect(missing.status).toBe(401);
    const notJson = await post(`${l.origin}/hooks`, "a=1&b=2", { "zubie-signature": createHmac("sha256", SECRET).update("a=1&b=2").digest("base64") });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).message).toMatch(/^the body is not JSON: /);
    const notFound = await post(`${l.origin}/other`, body);
    expect(notFound).toMatchObject({ status: 404 });
    expect(JSON.parse(notFound.body)).toEqual({ status: "error", message: "no webhook endpoint at /other: this listener receives POST /hooks" });
    const wrongMethod = await post(`${l.origin}/hooks`, "", {}, "GET");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("POST");
    expect(JSON.parse(wrongMethod.body).message).toBe(`GET is not allowed: webhooks are delivered with POST /hooks (traccar delivers by GET: serve it with --route "GET /hooks=traccar")`);
    const big = await post(`${l.origin}/hooks`, "x".repeat(3000), { "content-type": "application/json" });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).message).toBe("body is over the 2 KiB limit (--max-body); received more than 2 KiB");
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 413"));
    expect(l.records().map((r) => r.status)).toEqual([401, 401, 400, 404, 405, 413]);
    expect(l.run.stdout()).toContain("✖ bad signature");
  });

  it("flags a duplicate and a late event, on screen and in the log", async () => {
    const l = await listen(["--secret", SECRET, "--late-after", "10m"]);
    const body = fixtureBytes("uber/driver_enroute");
    const headers = providerHeaders("uber", body, SECRET, "");
    expect((await post(`${l.origin}/`, body, headers)).status).toBe(200);
    expect((await post(`${l.origin}/`, body, headers)).status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.includes("duplicate of the delivery"));
    const [first, second] = l.records();
    expect(first!.duplicate_of).toBeUndefined();
    expect(second!.duplicate_of).toBe(first!.received_at);
    expect(first!.event_id).toBe("6f0d8726-3b25-4e6e-9268-5ab6c3a78b4f");
    expect(first!.late_by_ms).toBeGreaterThan(365 * 86_400_000); // the sample is from 2023
    expect(l.run.stdout()).toMatch(/! late by \d+d \d+h \(event time 2023-10-14T03:11:29\.123Z\)/);
    expect(l.run.stdout()).toContain(`! duplicate of the delivery received at ${String(first!.received_at)} (event id 6f0d8726-3b25-4e6e-9268-5ab6c3a78b4f)`);
    await l.stop();
    expect(l.run.stderr()).toMatch(/REALTIME_DRIVER_STATUS_CHANGE\s*│\s*2\s*│\s*2\s*│\s*0\s*│\s*1\s*│\s*2/);
  });

  it("detects Standard Webhooks by its headers and verifies with the reference library's signature", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const l = await listen(["--secret", secret]);
    const body = JSON.stringify({ type: "vehicle.updated", data: { id: "v1" } });
    const headers = new Webhook(secret).sign("msg_e2e", new Date(), body);
    const r = await post(`${l.origin}/`, body, { "content-type": "application/json", "webhook-id": "msg_e2e", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": headers });
    expect(r.status).toBe(200);
    await l.run.waitFor(({ stdout }) => stdout.includes("vehicle.updated"));
    expect(l.records()[0]).toMatchObject({ provider: "standard-webhooks", event: "vehicle.updated", verification: { verdict: "valid" } });
  });

  it("--json prints the log records on stdout; --events filters what is shown (everything is logged)", async () => {
    const l = await listen(["--secret", SECRET, "--json", "--events", "trip_*"]);
    for (const id of ["zubie/trip_start", "zubie/vehicle_fuel_low", "zubie/trip_end"]) {
      const b = fixtureBytes(id);
      expect((await post(`${l.origin}/`, b, providerHeaders("zubie", b, SECRET, ""))).status).toBe(200);
    }
    await l.run.waitFor(({ stdout }) => stdout.includes('"trip_end"'));
    await l.stop();
    const shown = l.run.stdout().trim().split("\n").map((x) => JSON.parse(x) as { event: string; status: number });
    expect(shown.map((r) => r.event)).toEqual(["trip_start", "trip_end"]);
    expect(l.records().map((r) => r.event)).toEqual(["trip_start", "vehicle_fuel_low", "trip_end"]);
    expect(shown[1]).toEqual(l.records()[2]);
    expect(l.run.stderr()).toContain("receiving webhooks at");
  });

  it("--verbose prints the body; curl gets the same answers (it sends Expect: 100-continue for big bodies)", async () => {
    const l = await listen(["--verbose", "--no-log"]);
    const file = join(ROOT, "fixtures", "automatic", "trip_finished.json");
    const padded = join(ROOT, "fixtures", "zubie", "trip_end.json");
    const { stdout } = await promisify(execFile)("curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "--data-binary", `@${file}`, `${l.origin}/`]);
    expect(stdout.trim().split("\n").pop()).toBe("200");
    // Unsigned, a Zubie event is refused (the listener checks it against the dev secret): signed with it, it passes.
    const unsigned = await promisify(execFile)("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "--data-binary", `@${padded}`, `${l.origin}/`]);
    expect(unsigned.stdout).toBe("401");
    const dev = (JSON.parse(readFileSync(join(l.cwd, ".telematics", "dev-secrets.json"), "utf8")) as { secrets: Record<string, string> }).secrets.zubie!;
    const sig = createHmac("sha256", dev).update(readFileSync(padded)).digest("base64");
    const expectContinue = await promisify(execFile)("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Expect: 100-continue", "-H", "Content-Type: application/json", "-H", `Zubie-Signature: ${sig}`, "--data-binary", `@${padded}`, `${l.origin}/`]);
    expect(expectContinue.stdout).toBe("200");
    await l.run.waitFor(({ stdout: out }) => out.includes('"distance_m"') && out.includes("zubie trip_end"));
    expect(l.run.stderr()).toContain("log       off (--no-log)");
  });
});

describe("listen: forwarding and failure simulation", () => {
  it("--forward-to delivers the raw body and headers to the app and answers with the app's status", async () => {
    const target = await app(() => ({ status: 202, body: '{"queued":true}' }));
    const l = await listen(["--secret", SECRET, "--forward-to", target.url]);
    const body = fixtureBytes("zubie/trip_hard_brake");
    const headers: Record<string, string> = { ...providerHeaders("zubie", body, SECRET, ""), "x-request-id": "req-1" };
    const r = await post(`${l.origin}/`, body, headers);
    expect(r).toMatchObject({ status: 202, body: '{"queued":true}' });
    expect(target.got).toHaveLength(1);
    expect(target.got[0]!.body.equals(body)).toBe(true);
    expect(target.got[0]!.headers).toMatchObject({ "zubie-signature": headers["zubie-signature"], "x-request-id": "req-1" });
    await l.run.waitFor(({ stdout }) => stdout.includes("forwarded to"));
    expect(l.run.stdout()).toMatch(/→ forwarded to http:\/\/127\.0\.0\.1:\d+\/app\/hooks: 202 in \d+ms \{"queued":true\}/);
    expect(l.records()[0]).toMatchObject({ status: 202, forward: { url: target.url, status: 202, response: '{"queued":true}' } });
  });

  it("--forward-secret re-signs for the app; the app's 500 is answered, and the provider's retry is not a duplicate", async () => {
    let n = 0;
    const target = await app((_req, body) => {
      n++;
      return { status: n === 1 ? 500 : 200, body: JSON.stringify({ ok: n > 1, len: body.length }) };
    });
    const l = await listen(["--secret", SECRET, "--forward-to", target.url, "--forward-secret", "app-own-secret"]);
    const body = fixtureBytes("uber/driver_online");
    const headers = providerHeaders("uber", body, SECRET, "");
    expect((await post(`${l.origin}/`, body, headers)).status).toBe(500);
    expect((await post(`${l.origin}/`, body, headers)).status).toBe(200);
    expect(target.got[0]!.headers["x-uber-signature"]).toBe(createHmac("sha256", "app-own-secret").update(body).digest("hex"));
    await l.run.waitFor(() => l.records().length === 2);
    const [first, second] = l.records();
    expect(first).toMatchObject({ status: 500, forward: { status: 500, resigned: true } });
    expect(second!.duplicate_of).toBeUndefined();
    expect(l.run.stdout() + l.run.stderr()).not.toContain("app-own-secret");
  });

  it("answers 502 when the app is down", async () => {
    const gone = await app(() => ({ status: 200, body: "" }));
    const url = gone.url;
    await new Promise((r) => servers.pop()!.close(r));
    const l = await listen(["--forward-to", url]);
    const r = await post(`${l.origin}/`, fixtureBytes("automatic/ignition_on"), { "content-type": "application/json" });
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).message).toMatch(/^could not deliver to the app at .*: connection refused/);
  });

  it("--fail-first 2 answers 500 twice, then 200; --respond sets the status", async () => {
    const l = await listen(["--fail-first", "2", "--no-log"]);
    const body = fixtureBytes("automatic/ignition_off");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${l.origin}/`, body, { "content-type": "application/json" })).status);
    expect(statuses).toEqual([500, 500, 200]);
    await l.run.waitFor(({ stdout }) => stdout.includes("simulated failure 2 of 2 (--fail-first): answered 500"));
    const r = await listen(["--respond", "503", "--delay", "50"]);
    const t0 = Date.now();
    const reply = await post(`${r.origin}/`, body, { "content-type": "application/json" });
    expect(reply.status).toBe(503);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(r.run.stderr()).toContain("simulate  answer 503, wait 50ms before answering");
  });
});

describe("listen: security and limits", () => {
  it("serves HTTPS with --tls-cert/--tls-key", async () => {
    const l = await listen(["--tls-cert", join(ROOT, "test/helpers/listen-tls-cert.pem"), "--tls-key", join(ROOT, "test/helpers/listen-tls-key.pem")]);
    expect(l.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const agent = new Agent({ connect: { rejectUnauthorized: false } });
    const res = await request(`${l.origin}/`, { method: "POST", body: fixtureBytes("automatic/mil_off"), headers: { "content-type": "application/json" }, dispatcher: agent });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    await agent.close();
  });

  it("--allow-ip refuses other peers with 403", async () => {
    const l = await listen(["--allow-ip", "10.0.0.0/8,192.168.1.7"]);
    const r = await post(`${l.origin}/`, fixtureBytes("automatic/mil_off"), { "content-type": "application/json" });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).message).toBe("peer 127.0.0.1 is not allowed to send to this listener (--allow-ip)");
  });

  it("warns when binding to all interfaces", async () => {
    const l = await listen(["--host", "0.0.0.0", "--no-log"]);
    expect(l.run.stderr()).toContain("warning: listening on all interfaces (0.0.0.0)");
  });

  it("431 for oversized headers and 408 for a slow client, both logged", async () => {
    const l = await listen(["--request-timeout", "600ms"]);
    const r = await post(`${l.origin}/`, "{}", { "x-huge": "a".repeat(20_000) }).catch((e: Error) => ({ status: -1, body: e.message, headers: {} }));
    expect(r.status).toBe(431);
    const sock = connect(l.port, "127.0.0.1");
    await once(sock, "connect");
    sock.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"partial\":");
    let answer = "";
    sock.on("data", (d: Buffer) => (answer += d.toString()));
    await once(sock, "close");
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await l.run.waitFor(() => l.records().length === 2);
    expect(l.records().map((x) => x.status)).toEqual([431, 408]);
    expect(l.records()[1]).toMatchObject({ method: "POST", path: "/", body_bytes: 11, error: "the request did not arrive in full within 600ms (slow client; --request-timeout)" });
  });

  it("reads its settings from TELEMATICS_ variables", async () => {
    const l = await listen([], { env: { TELEMATICS_PATH: "/env-path", TELEMATICS_SECRET: SECRET, TELEMATICS_LOG: "off" } });
    expect(l.run.stderr()).toContain("/env-path");
    expect(l.run.stderr()).toContain("secret    from $TELEMATICS_SECRET (1 secret)");
    const b = fixtureBytes("zubie/trip_start");
    expect((await post(`${l.origin}/env-path`, b, providerHeaders("zubie", b, SECRET, ""))).status).toBe(200);
    expect(l.run.stderr()).not.toContain(SECRET);
  });
});

describe("listen: start and stop", () => {
  it("prints a banner with the URL, provider, secret source, log and a ready send command", async () => {
    const l = await listen(["--provider", "uber", "--secret-env", "UBER_SECRET"], { env: { UBER_SECRET: SECRET } });
    const err = l.run.stderr();
    expect(err).toContain(`receiving webhooks at ${l.origin}/`);
    expect(err).toContain("provider  uber");
    expect(err).toContain("secret    from $UBER_SECRET (1 secret)");
    expect(err).toContain("log       .telematics/events.ndjson");
    expect(err).toContain(`try it    telematics send --fixture uber/driver_online --secret-env UBER_SECRET --to ${l.origin}/`);
    expect(err).not.toContain(SECRET);
    expect(l.run.stdout()).toBe("");
  });

  it("the banner fits the provider: a bearer token for Events Push, nothing to check for Automatic", async () => {
    const push = await listen(["--provider", "events-push", "--token", TOKEN, "--no-log"]);
    expect(push.run.stderr()).toContain("token     from --token (1 token)");
    expect(push.run.stderr()).not.toContain("secret    ");
    expect(push.run.stderr()).toContain(`try it    telematics send --fixture events-push/overspeed --token "$TOKEN" --to ${push.origin}/`);
    expect(push.run.stderr()).not.toContain(TOKEN);
    const auto = await listen(["--provider", "automatic", "--no-log"]);
    expect(auto.run.stderr()).toContain("auth      none: Automatic webhooks are unsigned");
    expect(auto.run.stderr()).toContain(`try it    telematics send --fixture automatic/trip_finished --to ${auto.origin}/`);
  });

  it("Ctrl-C prints the summary table and exits 130; SIGTERM exits 0 (real signals to a real process)", async () => {
    const l = await startListen(["--secret", SECRET], { spawn: true });
    running.push(l);
    const b = fixtureBytes("zubie/trip_end");
    await post(`${l.origin}/`, b, providerHeaders("zubie", b, SECRET, ""));
    await post(`${l.origin}/`, b, { "zubie-signature": "nope" });
    await post(`${l.origin}/nowhere`, b);
    await l.run.waitFor(({ stdout }) => stdout.includes("→ 404"));
    const { code } = await l.stop("SIGINT");
    expect(code).toBe(130);
    const err = l.run.stderr();
    for (const h of ["event", "received", "verified", "failed", "duplicates", "late", "p50", "p99"]) expect(err).toContain(h);
    expect(err).toMatch(/trip_end\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*0\s*│\s*1\s*│/);
    expect(err).toMatch(/\(not found\)\s*│\s*1/);
    expect(err).toMatch(/total\s*│\s*3\s*│\s*1\s*│\s*2/);
    expect(err).toContain("3 records appended to .telematics/events.ndjson");
    const t = await startListen(["--no-log"], { spawn: true });
    running.push(t);
    expect((await t.stop("SIGTERM")).code).toBe(0);
    expect(t.run.stderr()).toContain("no requests received");
  });

  it("usage errors exit 2 with one line naming the flag", async () => {
    const cases: [string[], RegExp][] = [
      [["--port", "70000"], /--port 70000: expected an integer from 0 to 65535/],
      [["--port", "abc"], /--port abc: expected an integer/],
      [["--provider", "acme"], /--provider acme: unknown provider/],
      [["--path", "hooks"], /--path hooks: expected a URL path starting with \//],
      [["--max-body", "lots"], /--max-body lots: expected a size such as 1mb/],
      [["--late-after", "soon"], /--late-after soon: expected a duration/],
      [["--respond", "99"], /--respond 99: expected an integer from 200 to 599/],
      [["--forward-to", "ftp://x"], /--forward-to ftp:\/\/x: expected an http:\/\/ or https:\/\/ URL/],
      [["--forward-secret", "s"], /--forward-secret needs --forward-to/],
      [["--tls-cert", "nope.pem"], /--tls-cert needs --tls-key/],
      [["--tls-cert", "nope.pem", "--tls-key", "nope.key"], /--tls-cert nope\.pem: cannot read it \(no such file\)/],
      [["--allow-ip", "10.0.0.0/99"], /--allow-ip 10\.0\.0\.0\/99: expected an IP address or a CIDR range/],
      [["--secret-env", "NOPE_NOT_SET"], /--secret-env NOPE_NOT_SET: the environment variable is not set or empty/],
    ];
    const results = await Promise.all(cases.map(([args]) => runMain(["listen", ...args, "--no-log"])));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  }, 20_000);

  it("a port in use is a clear error (exit 2)", async () => {
    const l = await listen(["--no-log"]);
    const r = await runMain(["listen", "--port", String(l.port), "--no-log"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`port ${l.port} is already in use on 127.0.0.1: stop the other program, pick another with --port, or --port 0 for a free one`);
  });
});
