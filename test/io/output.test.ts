import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Output } from "../../src/io/output.js";

function capture() {
  let stdout = "";
  const sink = (f: (s: string) => void) => ({ write: (c: string) => (f(c), true) }) as unknown as Writable;
  const out = new Output({ stdout: sink((s) => (stdout += s)), stderr: sink(() => undefined) }, { json: true, env: {} });
  return { out, text: () => (out.flush(), stdout) };
}

describe("Output: NDJSON lines and secrets", () => {
  it("writes a line as it is when it holds no secret", () => {
    const { out, text } = capture();
    out.addSecret("59713");
    const line = '{"body": {"n":1.50},"x":"y"}';
    out.jsonLine(line);
    expect(text()).toBe(line + "\n");
  });

  it("redacts inside values and keys, so every line still parses", () => {
    const { out, text } = capture();
    out.addSecret("59713");
    out.jsonLine('{"created_at":1719597133000,"s":"a59713b","59713":[1,"59713"],"ok":2}');
    out.record({ token: 'q"59713', n: 597130 });
    const lines = text().trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { created_at: "[redacted]", s: "a[redacted]b", "[redacted]": [1, "[redacted]"], ok: 2 },
      { token: 'q"[redacted]', n: "[redacted]" },
    ]);
    expect(text()).not.toContain("59713");
  });
});
