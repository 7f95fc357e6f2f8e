import { describe, expect, it } from "vitest";
import { decodeBody, encodeBody, feedRecordLine, oneLineJson } from "../../../src/core/events/record.js";

describe("feedRecordLine", () => {
  it("is exactly JSON.stringify of the same record, the event's JSON text kept as it is", () => {
    const json = '{"id":"E_1", "type":"trip:finished","note":"quote \\" and \\\\ and \\u2028","n":1.50}';
    const line = feedRecordLine("2026-11-24T16:00:00.000Z", json, "automatic", "trip:finished", "E_1", "2026-11-24T12:00:00.000Z", 14_400_000);
    expect(JSON.parse(line)).toEqual({ v: 1, source: "feed", received_at: "2026-11-24T16:00:00.000Z", body: JSON.parse(json), body_encoding: "json", provider: "automatic", event: "trip:finished", event_id: "E_1", event_time: "2026-11-24T12:00:00.000Z", late_by_ms: 14_400_000 });
    // The text as received, spaces and number spelling included.
    expect(line).toContain(`"body":${json},`);
    expect(feedRecordLine("2026-11-24T16:00:00.000Z", "null", undefined, 'a "quoted" type')).toBe(JSON.stringify({ v: 1, source: "feed", received_at: "2026-11-24T16:00:00.000Z", body: null, body_encoding: "json", event: 'a "quoted" type' }));
  });
});

describe("oneLineJson", () => {
  it("keeps a one-line text and encodes the value again when the text has a line break", () => {
    expect(oneLineJson('{"a": 1.0}', { a: 1 })).toBe('{"a": 1.0}');
    expect(oneLineJson('{\n  "a": 1\n}', { a: 1 })).toBe('{"a":1}');
    expect(oneLineJson('{"a":\r1}', { a: 1 })).toBe('{"a":1}');
    expect(oneLineJson(undefined, ["x", null])).toBe('["x",null]');
    expect(oneLineJson(undefined, undefined)).toBe("null");
  });
});

describe("encodeBody", () => {
  it("keeps valid UTF-8 as text and anything else as base64, both round-tripping", () => {
    const text = Buffer.from('{"a":"é"}');
    expect(encodeBody(text)).toEqual({ body: '{"a":"é"}', body_encoding: "utf8" });
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(encodeBody(bad)).toEqual({ body: "e//+fQ==", body_encoding: "base64" });
    expect(decodeBody(encodeBody(bad)).equals(bad)).toBe(true);
    expect(decodeBody(encodeBody(text)).equals(text)).toBe(true);
    // A feed event's JSON body comes back as compact JSON.
    expect(decodeBody({ body: { a: "é", n: [1] }, body_encoding: "json" }).toString()).toBe('{"a":"é","n":[1]}');
    expect(decodeBody({ body: null, body_encoding: "json" }).toString()).toBe("null");
  });
});
