#!/usr/bin/env node
// A real-time feed peer for tests, built on servers we did not write: socket.io v4 ("sio4"),
// socket.io v2 ("sio2", Engine.IO v3, the generation Automatic ran) or a plain ws server ("raw").
// It runs in its own process so that tests can kill -9 it and start it again on the same port.
//
//   node feed-peer.mjs --kind sio4|sio2|raw [--port 0] [--token T] [--start N] [--every MS]
//                      [--count N] [--namespace /nsp] [--ping MS]
// Prints "port <n>" on stdout once listening, then emits Automatic-style events with ids
// E_<start>, E_<start+1>, ... every --every ms to each connected client (the sequence is global).
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const kind = args.kind ?? "sio4";
const token = args.token;
const every = Number(args.every ?? 50);
const count = args.count === undefined ? Infinity : Number(args.count);
const nspName = args.namespace ?? "/";
const ping = Number(args.ping ?? 25000);
let n = Number(args.start ?? 1);
let sent = 0;

const types = ["trip:finished", "ignition:on", "notification:speeding", "ignition:off"];
const event = (i) => ({
  id: `E_${i}`,
  user: { id: "U_test", url: "https://api.automatic.com/user/U_test/" },
  type: types[i % types.length],
  created_at: new Date().toISOString(),
  time_zone: "America/Los_Angeles",
  location: { lat: 37.7749, lon: -122.4194, accuracy_m: 10 },
  vehicle: { id: "C_test", url: "https://api.automatic.com/vehicle/C_test/" },
  device: { id: "D_test" },
});

const server = http.createServer();
let broadcast = () => {};
let clients = 0;

if (kind === "sio4" || kind === "sio2") {
  const io = kind === "sio4" ? new (require("socket.io").Server)(server, { pingInterval: ping, pingTimeout: Math.min(ping, 20000) }) : require("socket.io-v2")(server, { pingInterval: ping, pingTimeout: Math.min(ping, 5000) });
  const nsp = io.of(nspName);
  nsp.use((socket, next) => {
    const given = socket.handshake.query.token ?? socket.handshake.auth?.token;
    if (token === undefined || given === token) return next();
    next(new Error("Unauthorized client."));
  });
  nsp.on("connection", (socket) => {
    clients++;
    socket.on("disconnect", () => clients--);
  });
  broadcast = (e) => nsp.emit(e.type, e);
} else {
  const { WebSocketServer } = require("ws");
  const wss = new WebSocketServer({
    server,
    verifyClient: (info, cb) => {
      const given = new URL(info.req.url, "http://x").searchParams.get("token");
      cb(token === undefined || given === token, 401, "Unauthorized");
    },
  });
  wss.on("connection", (ws) => {
    clients++;
    ws.on("close", () => clients--);
  });
  broadcast = (e) => {
    for (const c of wss.clients) if (c.readyState === 1) c.send(JSON.stringify(e));
  };
}

setInterval(() => {
  if (clients === 0 || sent >= count) return;
  broadcast(event(n++));
  sent++;
}, every);

server.listen(Number(args.port ?? 0), "127.0.0.1", () => {
  process.stdout.write(`port ${server.address().port}\n`);
});
// Stop by itself if the test that started it is gone.
setTimeout(() => process.exit(0), 60_000).unref();
process.on("SIGTERM", () => process.exit(0));
