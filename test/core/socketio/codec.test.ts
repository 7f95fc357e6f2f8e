import { describe, expect, it } from "vitest";
import { decodeEio, decodeSio, encodeEio, encodeSio, errorMessage, eventOf, feedUrl, parseOpen, redactUrl } from "../../../src/core/socketio/codec.js";

describe("Engine.IO packets", () => {
  it("decodes the frames seen from real servers", () => {
    expect(decodeEio('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}')).toEqual({ type: "open", data: '{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}' });
    expect(decodeEio("2")).toEqual({ type: "ping", data: "" });
    expect(decodeEio("3probe")).toEqual({ type: "pong", data: "probe" });
    expect(decodeEio("40")).toEqual({ type: "message", data: "0" });
    expect(decodeEio("x")).toBeUndefined();
    expect(decodeEio("")).toBeUndefined();
  });

  it("encodes", () => {
    expect(encodeEio("pong")).toBe("3");
    expect(encodeEio("message", "0")).toBe("40");
  });

  it("tells a protocol-4 open packet by maxPayload", () => {
    expect(parseOpen('{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}')).toEqual({ sid: "a", pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 });
    expect(parseOpen('{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}')).toEqual({ sid: "a", pingInterval: 25000, pingTimeout: 5000 });
    expect(parseOpen("{nope")).toBeUndefined();
    expect(parseOpen('{"sid":1}')).toBeUndefined();
  });
});

describe("Socket.IO packets", () => {
  it("decodes an event in the main namespace", () => {
    const p = decodeSio('2["trip:finished",{"id":"E_1"}]');
    expect(p).toEqual({ type: "event", nsp: "/", data: ["trip:finished", { id: "E_1" }] });
    expect(eventOf(p as never)).toEqual({ name: "trip:finished", payload: { id: "E_1" } });
  });

  it("decodes namespaces and ack ids", () => {
    expect(decodeSio('2/fleet,12["ignition:on",{}]')).toEqual({ type: "event", nsp: "/fleet", id: 12, data: ["ignition:on", {}] });
    expect(decodeSio("0/fleet,")).toEqual({ type: "connect", nsp: "/fleet" });
    expect(decodeSio("0/fleet")).toEqual({ type: "connect", nsp: "/fleet" });
    expect(decodeSio('0{"sid":"x"}')).toEqual({ type: "connect", nsp: "/", data: { sid: "x" } });
    expect(decodeSio("3/a,5[1]")).toEqual({ type: "ack", nsp: "/a", id: 5, data: [1] });
  });

  it("reads both generations of CONNECT_ERROR", () => {
    expect(errorMessage(decodeSio('4"Unauthorized client."') as never)).toBe("Unauthorized client.");
    expect(errorMessage(decodeSio('4{"message":"Unauthorized client."}') as never)).toBe("Unauthorized client.");
  });

  it("reports binary packets and malformed ones", () => {
    expect(decodeSio('51-["photo",{"_placeholder":true,"num":0}]')).toMatchObject({ type: "binary_event", attachments: 1 });
    expect(decodeSio("9")).toMatch(/unknown Socket.IO packet type/);
    expect(decodeSio("2[not json")).toMatch(/not JSON/);
    expect(decodeSio("5x")).toMatch(/attachment count/);
  });

  it("encodes what it decodes", () => {
    for (const text of ["0", "0/fleet,", '2["a",1]', '2/fleet,7["a",{"b":[1]}]', '0{"token":"t"}']) {
      expect(encodeSio(decodeSio(text) as never)).toBe(text.replace(/^0\/fleet,$/, "0/fleet,"));
    }
  });
});

describe("feed URLs", () => {
  it("adds the socket.io path, EIO and transport, and the token", () => {
    expect(feedUrl("https://stream.automatic.com/", { protocol: "socket.io", eio: 3, token: "id:sec" }).toString()).toBe(
      "wss://stream.automatic.com/socket.io/?EIO=3&transport=websocket&token=id%3Asec",
    );
    expect(feedUrl("ws://127.0.0.1:9/feed", { protocol: "raw", eio: 4 }).toString()).toBe("ws://127.0.0.1:9/feed");
  });

  it("redacts tokens and passwords for printing", () => {
    expect(redactUrl("wss://h/socket.io/?EIO=3&token=id%3Asecret")).toBe("wss://h/socket.io/?EIO=3&token=[redacted]");
    expect(redactUrl("ws://u:pw@h/x?api_key=1")).toBe("ws://u:[redacted]@h/x?api_key=[redacted]");
    expect(redactUrl("not a url?token=abc")).toBe("not a url?token=[redacted]");
  });
});
