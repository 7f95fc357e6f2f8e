import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../../src/core/events/record.js";
import { openLogs, type LoggedRecord } from "../../../src/io/inspector/follow.js";

const dir = () => mkdtempSync(join(tmpdir(), "telematics-follow-"));
const rec = (i: number, at = i): EventRecord => ({ v: 1, source: "webhook", received_at: new Date(Date.UTC(2026, 0, 1) + at * 1000).toISOString(), body: `{"i":${i},"note":"é"}`, body_encoding: "utf8", status: 200 });
const line = (i: number, at = i) => JSON.stringify(rec(i, at)) + "\n";
const num = (r: LoggedRecord) => (JSON.parse(String(r.record.body)) as { i: number }).i;

function collect() {
  const records: LoggedRecord[] = [];
  const problems: string[] = [];
  return { records, problems, handlers: { record: (r: LoggedRecord) => records.push(r), problem: (p: { message: string }) => problems.push(p.message) } };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("openLogs", () => {
  it("loads only the last N records of a large log, across read chunks", () => {
    const path = join(dir(), "events.ndjson");
    let text = "";
    for (let i = 0; i < 30_000; i++) text += line(i); // several MiB: read backwards in chunks
    writeFileSync(path, text);
    const c = collect();
    const logs = openLogs([path], 1000, c.handlers);
    expect(logs.initial.map(num)).toEqual(Array.from({ length: 1000 }, (_, k) => 29_000 + k));
    expect(logs.initial[0]!.record.body).toContain("é");
    logs.close();
  });

  it("leaves a last line still being written for later, and reports bad lines", async () => {
    const path = join(dir(), "events.ndjson");
    writeFileSync(path, line(1) + "not json\n" + line(2) + line(3).slice(0, 20));
    const c = collect();
    const logs = openLogs([path], 10, c.handlers);
    expect(logs.initial.map(num)).toEqual([1, 2]);
    expect(c.problems).toEqual([expect.stringMatching(/^not JSON/)]);
    logs.follow(20);
    appendFileSync(path, line(3).slice(20) + line(4));
    await until(() => c.records.length === 2);
    expect(c.records.map(num)).toEqual([3, 4]);
    logs.close();
  });

  it("follows appends, a rotation to events.1.ndjson and a truncation", async () => {
    const d = dir();
    const path = join(d, "events.ndjson");
    writeFileSync(path, line(1));
    const c = collect();
    const logs = openLogs([path], 10, c.handlers);
    logs.follow(20);
    appendFileSync(path, line(2));
    await until(() => c.records.length === 1);
    // listen rotates: the last lines go to the old file just before the rename.
    appendFileSync(path, line(3));
    renameSync(path, join(d, "events.1.ndjson"));
    writeFileSync(path, line(4));
    await until(() => c.records.length === 3);
    expect(c.records.map(num)).toEqual([2, 3, 4]);
    appendFileSync(path, line(5));
    await until(() => c.records.length === 4);
    writeFileSync(path, line(6)); // truncated and rewritten, shorter than what was read
    await until(() => c.records.length === 5);
    expect(c.records.map(num)).toEqual([2, 3, 4, 5, 6]);
    logs.close();
  });

  it("waits for a log that does not exist yet", async () => {
    const path = join(dir(), "later.ndjson");
    const c = collect();
    const logs = openLogs([path], 10, c.handlers);
    expect(logs.missing).toEqual([path]);
    logs.follow(20);
    writeFileSync(path, line(7));
    await until(() => c.records.length === 1);
    expect(num(c.records[0]!)).toBe(7);
    logs.close();
  });

  it("merges several logs into one timeline and keeps the last N of them together", () => {
    const d = dir();
    writeFileSync(join(d, "a.ndjson"), line(1, 1) + line(3, 3) + line(5, 5));
    writeFileSync(join(d, "b.ndjson"), line(2, 2) + line(4, 4));
    const logs = openLogs([join(d, "a.ndjson"), join(d, "b.ndjson")], 4, collect().handlers);
    expect(logs.initial.map(num)).toEqual([2, 3, 4, 5]);
    logs.close();
  });

  it("throws for a log that cannot be read", () => {
    expect(() => openLogs([dir()], 10, collect().handlers)).toThrow(/it is a directory/);
  });
});
