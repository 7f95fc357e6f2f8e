import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { call, webhookRecord } from "../io/inspector/helpers.js";
import { runMain, startProc } from "../helpers/main.js";

const dir = () => mkdtempSync(join(tmpdir(), "telematics-inspect-"));

describe("telematics inspect", () => {
  it.each([
    [["--port", "abc"], /--port abc: expected an integer/],
    [["--port", "70000"], /--port 70000: expected an integer from 0 to 65535/],
    [["--history", "0"], /--history 0: expected an integer from 1 to 1000000/],
    [["--replay-to", "ftp://127.0.0.1/"], /--replay-to ftp:\/\/127.0.0.1\/: expected an http/],
    [["--replay-to", "nowhere"], /--replay-to nowhere: not a URL/],
    [["--replay-to", "a=http://127.0.0.1:1/", "--replay-to", "a=http://127.0.0.1:2/"], /the name a is given twice/],
    [["--no-follow", "missing.ndjson"], /cannot read the event log missing.ndjson: no such file/],
    [["--secret-env", "NOPE_NOT_SET"], /--secret-env NOPE_NOT_SET/],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const r = await runMain(["inspect", "--port", "0", ...args], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("refuses a port in use (exit 2)", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (busy.address() as { port: number }).port;
      const r = await runMain(["inspect", "--port", String(port)], { cwd: dir() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`port ${port} is already in use`));
    } finally {
      busy.close();
    }
  });

  it("prints the URL with its token on stderr, serves the logs, and exits 130 on Ctrl-C", async () => {
    const cwd = dir();
    const log = join(cwd, "events.ndjson");
    writeFileSync(log, JSON.stringify(webhookRecord("zubie/trip_end")) + "\n" + JSON.stringify(webhookRecord("uber/driver_online")) + "\n");
    const run = startProc(["inspect", "events.ndjson", "--port", "0", "--history", "1", "--replay-to", "app=http://127.0.0.1:3000/hooks", "--secret", "s3cr3t-inspect"], { cwd });
    await run.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
    const url = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)/.exec(run.stderr());
    expect(url).not.toBeNull();
    expect(run.stderr()).toContain("loaded    1 record (keeps the last 1)");
    expect(run.stderr()).toContain("app → http://127.0.0.1:3000/hooks");
    expect(run.stderr()).not.toContain("s3cr3t-inspect");
    const port = Number(url![2]);
    const signIn = await call(port, "GET", new URL(url![1]!).pathname + new URL(url![1]!).search);
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers["set-cookie"]![0]!.split(";")[0]!;
    const list = JSON.parse((await call(port, "GET", "/api/entries", { cookie })).body) as { rows: { event: string }[] };
    expect(list.rows.map((r) => r.event)).toEqual(["REALTIME_DRIVER_STATUS_CHANGE"]);
    run.kill("SIGINT");
    expect((await run.exit()).code).toBe(130);
    expect(run.stdout()).toBe("");
  });

  it("waits for a log that is not there yet, and exits 0 on SIGTERM", async () => {
    const cwd = dir();
    const run = startProc(["inspect", "--port", "0"], { cwd });
    await run.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
    expect(run.stderr()).toContain(".telematics/events.ndjson (not there yet: shown once it is written) (following)");
    run.kill("SIGTERM");
    expect((await run.exit()).code).toBe(0);
  });
});
