import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openEventLog, rotatedPath } from "../../src/io/event-log.js";

const dir = () => mkdtempSync(join(tmpdir(), "telematics-rotate-"));
const line = (i: number, pad = 40) => `{"i":${i},"pad":"${"x".repeat(pad)}"}`;
const ids = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { i: number }).i);

describe("rotatedPath", () => {
  it("puts .1 before the extension", () => {
    expect(rotatedPath("/a/.telematics/events.ndjson")).toBe("/a/.telematics/events.1.ndjson");
    expect(rotatedPath("/a/log")).toBe("/a/log.1");
    expect(rotatedPath("/a/x.tar.gz")).toBe("/a/x.tar.1.gz");
  });
});

describe("openEventLog maxBytes", () => {
  it("never lets the file grow past maxBytes, rotates to events.1.ndjson, and loses or splits no line", async () => {
    const path = join(dir(), "events.ndjson");
    const size = Buffer.byteLength(line(0)) + 1; // every line below has this size (single-digit i … i < 10)
    const log = await openEventLog(path, { maxBytes: size * 3 + 5 });
    for (let i = 0; i < 8; i++) await log.appendLine(line(i));
    await log.close();
    expect(statSync(path).size).toBeLessThanOrEqual(size * 3 + 5);
    // 8 lines, three per file: 0-2 went to a .1 that the next rotation replaced with 3-5; 6-7 are current.
    expect(ids(rotatedPath(path))).toEqual([3, 4, 5]);
    expect(ids(path)).toEqual([6, 7]);
  });

  it("splits one turn's batch at the limit, keeping the order across the two files", async () => {
    const path = join(dir(), "events.ndjson");
    const log = await openEventLog(path, { maxBytes: 300 });
    await Promise.all(Array.from({ length: 7 }, (_, i) => log.appendLine(line(i))));
    await log.close();
    const all = [...ids(rotatedPath(path)), ...ids(path)];
    expect(all).toEqual(all.slice().sort((a, b) => a - b));
    expect(all.at(-1)).toBe(6);
    expect(statSync(path).size).toBeLessThanOrEqual(300);
    expect(statSync(rotatedPath(path)).size).toBeLessThanOrEqual(300);
    expect(log.lines).toBe(7);
  });

  it("counts what the file already holds, and rotates it first when it is full", async () => {
    const path = join(dir(), "events.ndjson");
    writeFileSync(path, line(100, 200) + "\n");
    const log = await openEventLog(path, { maxBytes: 250 });
    await log.appendLine(line(1));
    await log.close();
    expect(ids(rotatedPath(path))).toEqual([100]);
    expect(ids(path)).toEqual([1]);
  });

  it("writes a line longer than maxBytes on its own in a fresh file", async () => {
    const path = join(dir(), "events.ndjson");
    const log = await openEventLog(path, { maxBytes: 100 });
    await log.appendLine(line(1, 10));
    await log.appendLine(line(2, 500));
    await log.appendLine(line(3, 10));
    await log.close();
    expect(ids(rotatedPath(path))).toEqual([2]);
    expect(ids(path)).toEqual([3]);
  });

  it("does not rotate without maxBytes", async () => {
    const path = join(dir(), "events.ndjson");
    const log = await openEventLog(path);
    for (let i = 0; i < 50; i++) await log.appendLine(line(i, 1000));
    await log.close();
    expect(existsSync(rotatedPath(path))).toBe(false);
    expect(ids(path)).toHaveLength(50);
  });

  it("ends a line cut short by a crash in the old file, and starts the new file clean", async () => {
    const path = join(dir(), "events.ndjson");
    writeFileSync(path, line(0) + "\n" + '{"i":9,"cut');
    const log = await openEventLog(path, { maxBytes: 80 });
    await log.appendLine(line(1));
    await log.close();
    expect(readFileSync(path, "utf8")).toBe(line(1) + "\n");
    expect(readFileSync(rotatedPath(path), "utf8")).toBe(line(0) + "\n" + '{"i":9,"cut');
  });

  it("refuses a limit that is not positive", async () => {
    await expect(openEventLog(join(dir(), "e.ndjson"), { maxBytes: 0 })).rejects.toThrow(/maxBytes/);
  });
});
