import { bool, choice, int, list, number } from "../../core/options.js";
import { text } from "../../core/options.js";
import { command } from "../spec.js";
import { FEED_TOKEN_OPTIONS, namespaceOption } from "../tail/spec.js";

const probability = (flag: string, description: string) => number(flag, description, { default: 0, min: 0, max: 1, expected: "a probability between 0 and 1" });

export const FEED_OPTIONS = {
  port: int("--port <port>", "port (0 picks a free one)", { default: 4100, max: 65_535, env: "TELEMATICS_FEED_PORT" }),
  host: text("--host <host>", "interface to bind", { default: "127.0.0.1", env: "TELEMATICS_HOST" }),
  protocol: choice("--protocol <protocol>", "feed protocol", ["socket.io", "raw"] as const, { default: "socket.io" }),
  ...FEED_TOKEN_OPTIONS,
  namespace: namespaceOption,
  fixture: list("--fixture <name>", "send this fixture (repeatable; default: the Automatic fixtures in the order of one drive)", { complete: "fixture" }),
  rate: number("--rate <n>", "events per second", { default: 1, min: 0, above: true, max: 100_000, expected: "events per second, more than 0" }),
  loop: bool("--loop", "start again after the last event, with new event ids"),
  count: int("--count <n>", "stop after sending N events", { min: 1 }),
  dropEvery: int("--drop-every <n>", "fault: close every connection after each N events", { min: 1 }),
  duplicateRate: probability("--duplicate-rate <p>", "fault: send an event twice with probability p"),
  lateRate: probability("--late-rate <p>", "fault: make an event hours old with probability p"),
  seed: int("--seed <n>", "seed the fault randomness, to repeat a run"),
} as const;

export const feedSpec = command({
  name: "feed",
  summary: "serve a local real-time feed (Socket.IO for v2 and v4 clients, or raw JSON frames) with fault injection",
  options: FEED_OPTIONS,
  interruptible: true,
  examples: [
    "telematics feed --port 4100 --token demo:s3cret",
    "telematics feed --rate 5 --loop",
    "telematics feed --protocol raw --fixture trip_finished --fixture ignition_off --count 2",
    "telematics feed --drop-every 5 --duplicate-rate 0.1 --late-rate 0.2 --seed 7 --loop",
  ],
  load: () => import("./index.js"),
});
