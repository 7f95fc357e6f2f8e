/**
 * stdout that cannot be written: a full disk ends the command with one clear error and exit 1
 * (never an uncaught exception), and what was received is still in the event log. Real processes
 * with stdout on /dev/full (every write fails with ENOSPC), and in-process with a file stdout
 * written by descriptor.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { Readable, Writable } from "node:stream";
import { main } from "../../src/main.js";
import { BIN, ROOT, cleanEnv } from "../helpers/run-cli.js";

function onDevFull(args: string[], cwd: string): { exit: Promise<number | null>; stderr: () => string } {
  const full = openSync("/dev/full", "w");
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ["ignore", full, "pipe"] });
  closeSync(full);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return { exit: new Promise((r) => child.on("close", (code) => r(code))), stderr: () => stderr };
}

describe("stdout on a full disk", () => {
  it("a short command ends with exit 1 and one error line", async () => {
    const r = onDevFull(["fixtures", "show", "trip_end"], ROOT);
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe("error: cannot write to stdout: no space left on the device (ENOSPC)\n");
  });

  it("listen stops with exit 1 and the event it could not print is in the log", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "telematics-full-"));
    const l = onDevFull(["listen", "--port", "0", "--secret", "s3"], cwd);
    const deadline = Date.now() + 10_000;
    while (!/receiving webhooks at (\S+)/.test(l.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /receiving webhooks at (\S+)/.exec(l.stderr())![1]!;
    const body = readFileSync(join(ROOT, "fixtures", "automatic", "trip_finished.json"));
    const res = await request(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(await l.exit).toBe(1);
    expect(l.stderr()).toContain("error: cannot write to stdout: no space left on the device (ENOSPC)");
    expect(l.stderr()).not.toMatch(/Uncaught|at .*\.js:\d+/);
    const records = readFileSync(join(cwd, ".telematics", "events.ndjson"), "utf8").trim().split("\n");
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0]!)).toMatchObject({ status: 200, event: "trip:finished" });
  });

  it("a stdout written by descriptor (a regular file) fails the same way", async () => {
    const fd = openSync("/dev/full", "w");
    let stderr = "";
    const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) });
    try {
      const code = await main(["fixtures", "show", "trip_end"], { stdout: sink(() => {}), stdoutFileFd: fd, stderr: sink((s) => (stderr += s)), stdin: Readable.from([]), env: {}, cwd: ROOT, now: Date.now });
      expect(code).toBe(1);
      expect(stderr).toBe("error: cannot write to stdout: no space left on the device (ENOSPC)\n");
    } finally {
      closeSync(fd);
    }
  });
});
