/** The config file's schema, from the option tables: what it accepts, what it refuses and why. */
import { describe, expect, it } from "vitest";
import { configSections } from "../../../src/commands/registry.js";
import { checkConfig, configJsonSchema } from "../../../src/core/config/schema.js";
import { stripJsonComments } from "../../../src/core/jsonc.js";
import { isLoopback } from "../../../src/core/net.js";

const sections = configSections();

describe("checkConfig", () => {
  it("accepts providers, routes, sections and profiles", () => {
    expect(checkConfig({ providers: { zubie: { secretEnv: ["ZUBIE_SECRET", "ZUBIE_OLD"] }, github: { type: "hmac", header: "X-Hub-Signature-256", prefix: "sha256=", secretFile: "gh.txt" } }, routes: { "/zubie": "zubie", "GET /positions": { provider: "traccar", strict: true } }, listen: { port: 4000, log: false }, profiles: { staging: { send: { to: "https://x/" } } }, defaultProfile: "staging" }, sections, false)).toBeUndefined();
  });

  it("refuses a literal secret anywhere in the committed file, and allows it in the local one", () => {
    expect(checkConfig({ profiles: { prod: { providers: { uber: { secret: "x" } } } } }, sections, false)).toEqual({ path: ["profiles", "prod", "providers", "uber", "secret"], message: expect.stringContaining('"secretEnv": "UBER_SECRET"') });
    expect(checkConfig({ providers: { "events-push": { token: "t" } } }, sections, false)?.message).toContain('"tokenEnv": "EVENTS_PUSH_TOKEN"');
    expect(checkConfig({ providers: { uber: { secret: "x" } } }, sections, true)).toBeUndefined();
  });

  it("names unknown settings, wrong types and bad values by their path", () => {
    expect(checkConfig({ listen: { prot: 1 } }, sections, false)).toMatchObject({ path: ["listen", "prot"], message: expect.stringMatching(/^unknown setting "prot" \(known in listen: port, /) });
    expect(checkConfig({ lisen: {} }, sections, false)).toMatchObject({ path: ["lisen"], message: expect.stringMatching(/^unknown setting "lisen" \(known: providers, routes, listen, /) });
    expect(checkConfig({ tail: { protocol: "sse" } }, sections, false)).toMatchObject({ path: ["tail", "protocol"], message: 'expected one of "auto", "socket.io", "raw", found "sse"' });
    expect(checkConfig({ listen: { strict: "yes" } }, sections, false)).toMatchObject({ path: ["listen", "strict"], message: 'expected boolean, found the text "yes"' });
  });

  it("yields a JSON Schema for editors without the secret fields", () => {
    const schema = configJsonSchema(sections) as { properties: Record<string, { properties?: Record<string, unknown>; additionalProperties?: { properties?: Record<string, unknown> } }> };
    expect(schema.properties.listen!.properties!.port).toMatchObject({ type: "integer" });
    expect(Object.keys(schema.properties.providers!.additionalProperties!.properties!)).not.toContain("secret");
    expect(Object.keys(schema.properties.listen!.properties!)).not.toContain("forwardSecret");
  });
});

describe("JSON with comments", () => {
  it("blanks comments and trailing commas, keeping every offset", () => {
    const text = '{\n  // a comment\n  "a": "http://x/*y*/", /* block\n */ "b": [1, 2,],\n}';
    const out = stripJsonComments(text);
    expect(out).toHaveLength(text.length);
    expect(out.split("\n")).toHaveLength(text.split("\n").length);
    expect(JSON.parse(out)).toEqual({ a: "http://x/*y*/", b: [1, 2] });
  });
});

describe("isLoopback", () => {
  it.each([
    ["http://127.0.0.1:4000/", true],
    ["http://127.9.8.7/", true],
    ["http://localhost:3000/", true],
    ["http://api.localhost/", true],
    ["http://[::1]:4000/", true],
    ["http://10.0.0.1/", false],
    ["http://127.0.0.1.example.com/", false],
    ["https://hooks.example.com/", false],
    ["http://0.0.0.0/", false],
  ])("%s", (url, yes) => expect(isLoopback(new URL(url))).toBe(yes));
});
