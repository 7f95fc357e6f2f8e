import { describe, expect, it } from "vitest";
import { decodeBody, encodeBody, feedRecordLine } from "../../../src/core/events/record.js";

describe("feedRecordLine", () => {
  it("is exactly JSON.stringify of the same record", () => {
    const body = '{"id":"E_1","type":"trip:finished","note":"quote \\" and \\\\ and \\u2028"}';
    expect(feedRecordLine("2026-11-24T16:00:00.000Z", body, "automatic", "trip:finished", "E_1", "2026-11-24T12:00:00.000Z", 14_400_000)).toBe(
      JSON.stringify({ v: 1, source: "feed", received_at: "2026-11-24T16:00:00.000Z", body, body_encoding: "utf8", provider: "automatic", event: "trip:finished", event_id: "E_1", event_time: "2026-11-24T12:00:00.000Z", late_by_ms: 14_400_000 }),
    );
    expect(feedRecordLine("2026-11-24T16:00:00.000Z", "{}", undefined, 'a "quoted" type')).toBe(JSON.stringify({ v: 1, source: "feed", received_at: "2026-11-24T16:00:00.000Z", body: "{}", body_encoding: "utf8", event: 'a "quoted" type' }));
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
  });
});
