/**
 * The HTTP(S) adapter of `listen`, kept thin: it reads each request's raw bytes (up to a limit),
 * hands them to a handler, and writes the answer the handler returns. Everything about what to
 * answer lives in src/core/webhook.
 *
 * Against slow and malformed clients: a time limit for the head and one for the whole request, a
 * header size limit, a body limit (413 as soon as it is exceeded, without buffering the rest), and
 * every request node:http cannot parse reported to `problem` (which answers and logs it) instead of
 * being dropped silently. A handler that throws is answered 500 and reported; nothing escapes.
 */
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { ClientProblem, WebhookRequest } from "../core/webhook/index.js";

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  maxBodyBytes: number;
  /** Largest request head (default 16 KiB, node's own). */
  maxHeaderBytes?: number;
  /** The whole request (head and body) must arrive within this. */
  requestTimeoutMs: number;
  /** The head must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs?: number;
  now: () => number;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface HttpHandlers {
  /** A complete request, or one whose body went over the limit (`tooLarge`). */
  request(req: WebhookRequest): Promise<Answer>;
  /** A request node:http could not complete. Status 0: no answer is possible (the client left). */
  problem(p: ClientProblem): Promise<Answer>;
  /** A handler threw (the request was answered 500). */
  onError?(e: unknown): void;
}

export interface RunningServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** http(s)://host:port */
  readonly origin: string;
  /** Stops accepting; waits up to `graceMs` for requests in progress, then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

/** The peer's address without the IPv4-in-IPv6 prefix. */
export function peerAddress(socket: Socket): string {
  const a = socket.remoteAddress ?? "";
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

interface InFlight {
  req: IncomingMessage;
  res: ServerResponse;
  receivedAt: number;
  startedAt: number;
  bytes: number;
  /** The body has been read in full (or refused): the request is the handler's now. */
  settled: boolean;
}

/** Starts the server; rejects with a person-readable error when the port cannot be used. */
export async function startHttpServer(options: HttpServerOptions, handlers: HttpHandlers): Promise<RunningServer> {
  const serverOptions = {
    maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: Math.min(options.headersTimeoutMs, options.requestTimeoutMs),
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    // How often node checks those time limits (its default, 30 s, would let a slow client sit far longer).
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(options.headersTimeoutMs / 4))),
  };
  const server: Server = options.tls ? createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }) : createHttpServer(serverOptions);
  const active = new WeakMap<Socket, InFlight>();
  /** Sockets we answered a problem on and are closing: later parser errors on them are echoes. */
  const finished = new WeakSet<Socket>();
  /** Bytes read on a connection up to the end of its last complete request. */
  const boundary = new WeakMap<Socket, number>();
  /**
   * Connections whose last request was refused (413) before its body was in: the rest of that body
   * is being dropped, so the client hanging up now is not a new request.
   */
  const dropping = new WeakSet<Socket>();
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const done = () => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };

  const safe = <T>(p: () => Promise<T>): Promise<T | undefined> =>
    p().catch((e: unknown) => {
      handlers.onError?.(e);
      return undefined;
    });

  const INTERNAL: Answer = { status: 500, headers: { "Content-Type": "application/json" }, body: '{"status":"error","message":"internal error in the listener"}' };

  const writeAnswer = (res: ServerResponse, answer: Answer | undefined) => {
    if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
    const a = answer ?? INTERNAL;
    for (const name in a.headers) res.setHeader(name, a.headers[name]!);
    res.setHeader("Content-Length", typeof a.body === "string" ? Buffer.byteLength(a.body, "utf8") : a.body.byteLength);
    res.writeHead(a.status);
    // A string body goes out in the same write as the head (node joins them); bytes would take a
    // second buffer and a writev.
    res.end(a.body);
  };

  /** Answers a problem on a socket whose request may not exist (raw bytes on the socket). */
  const writeRaw = (socket: Socket, answer: Answer | undefined, res?: ServerResponse) => {
    finished.add(socket);
    if (answer && answer.status > 0 && !socket.destroyed && socket.writable) {
      if (res && !res.headersSent) {
        res.shouldKeepAlive = false;
        writeAnswer(res, answer);
        res.once("finish", () => socket.destroySoon());
        return;
      }
      if (!res || !res.headersSent) {
        const body = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : Buffer.from(answer.body);
        const head = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ""}`, ...Object.entries(answer.headers).filter(([k]) => k.toLowerCase() !== "connection").map(([k, v]) => `${k}: ${v}`), "Connection: close", `Content-Length: ${body.byteLength}`, "", ""].join("\r\n");
        socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
        setTimeout(() => socket.destroy(), 1_000).unref();
        return;
      }
    }
    socket.destroy();
  };

  const reportProblem = (socket: Socket, problem: ClientProblem, flight?: InFlight) => {
    finished.add(socket);
    inFlight++;
    void safe(() => handlers.problem(problem)).then((answer) => {
      writeRaw(socket, answer, flight?.res);
      done();
    });
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = options.now();
    const socket = req.socket;
    const startedAt = performance.now();
    const flight: InFlight = { req, res, receivedAt, startedAt, bytes: 0, settled: false };
    active.set(socket, flight);
    dropping.delete(socket);
    inFlight++;
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const peer = peerAddress(socket);
    const request = (body: Buffer, tooLarge?: { bytes: number }): WebhookRequest => ({ method, url, headers: req.headers, body, receivedAt, peer, startedAt, ...(tooLarge && { tooLarge }) });
    const max = options.maxBodyBytes;
    const chunks: Buffer[] = [];
    // After a 413, the rest of the body is read and dropped (so the client can read the answer)
    // up to this much; beyond it the connection is closed.
    const discardCap = Math.max(8 * max, 8 << 20);
    const declared = Number(req.headers["content-length"]);

    const answerWith = (request: WebhookRequest) => {
      flight.settled = true;
      void safe(() => handlers.request(request)).then((answer) => {
        if (req.complete) boundary.set(socket, socket.bytesRead);
        else if (request.tooLarge) dropping.add(socket);
        writeAnswer(res, answer);
        if (active.get(socket) === flight) active.delete(socket);
        done();
      });
    };

    const tooLarge = (bytes: number) => {
      chunks.length = 0;
      // The answer goes out before the body is in. Closing right after it would make the client's
      // kernel drop the answer (data arriving on a closed socket is reset), so the connection
      // stays open while the rest is read and dropped, and closes then if the client asked to.
      if (!req.complete && res.shouldKeepAlive === false && !(declared > discardCap)) {
        res.shouldKeepAlive = true;
        req.once("end", () => {
          if (res.writableFinished) socket.end();
          else res.once("finish", () => socket.end());
        });
      }
      answerWith(request(Buffer.alloc(0), { bytes }));
    };

    if (Number.isFinite(declared) && declared > max) {
      // Too much to read and drop: answer, then close the connection.
      if (declared > discardCap) res.shouldKeepAlive = false;
      tooLarge(declared);
    }
    let discarded = 0;
    req.on("data", (chunk: Buffer) => {
      if (flight.settled) {
        discarded += chunk.byteLength;
        if (discarded > discardCap) socket.destroy();
        return;
      }
      flight.bytes += chunk.byteLength;
      if (flight.bytes > max) return tooLarge(flight.bytes);
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (flight.settled) return;
      answerWith(request(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    });
    // 'close' comes after a complete request too (ignored then), and when the client hangs up.
    const aborted = () => {
      if (flight.settled || req.complete) return;
      flight.settled = true;
      if (active.get(socket) === flight) active.delete(socket);
      done();
      reportProblem(socket, { code: "ABORTED", message: "the client closed the connection", receivedAt, startedAt, peer, request: { method, url, headers: req.headers }, bodyBytes: flight.bytes }, flight);
    };
    req.on("close", aborted);
  });

  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    // Echoes on a socket we are already answering and closing (e.g. the client hanging up).
    if (finished.has(socket)) return;
    const code = err.code ?? "ERR_UNKNOWN";
    const flight = active.get(socket);
    const problem: ClientProblem = {
      code,
      message: err.message,
      receivedAt: flight?.receivedAt ?? options.now(),
      startedAt: flight?.startedAt ?? performance.now(),
      peer: peerAddress(socket),
      headerLimitBytes: serverOptions.maxHeaderSize,
      timeoutMs: code === "ERR_HTTP_REQUEST_TIMEOUT" && !flight ? serverOptions.headersTimeout : options.requestTimeoutMs,
      ...(err.rawPacket && { raw: err.rawPacket }),
    };
    if (flight) {
      if (flight.settled) {
        // The request was read in full and is being handled; its own path logs and answers it.
        if (code !== "ERR_HTTP_REQUEST_TIMEOUT") socket.destroy();
        return;
      }
      flight.settled = true;
      active.delete(socket);
      done();
      problem.request = { method: flight.req.method ?? "GET", url: flight.req.url ?? "/", headers: flight.req.headers };
      problem.bodyBytes = flight.bytes;
      reportProblem(socket, problem, flight);
      return;
    }
    const hangUp = code === "ECONNRESET" || code === "EPIPE" || code === "HPE_INVALID_EOF_STATE";
    if (hangUp && (dropping.has(socket) || socket.bytesRead <= (boundary.get(socket) ?? 0))) {
      // The connection was closed between requests (or before any), or while the body of a refused
      // request was being dropped: there is no new request to record.
      socket.destroy();
      return;
    }
    reportProblem(socket, problem);
  });

  // A plain-HTTP request to the HTTPS port, or a failed handshake: not a request, nothing to log.
  server.on("tlsClientError", (_err: Error, socket: Socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(listenError(e, options));
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(options.port, options.host);
  });
  // From here on a server error must not crash the process: report it.
  server.on("error", (e) => handlers.onError?.(e));

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const hostText = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    server,
    host: options.host,
    port,
    origin: `${options.tls ? "https" : "http"}://${hostText}:${port}`,
    async close(graceMs = 2_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function listenError(e: NodeJS.ErrnoException, options: HttpServerOptions): Error {
  const where = `${options.host}:${options.port}`;
  switch (e.code) {
    case "EADDRINUSE":
      return new Error(`port ${options.port} is already in use on ${options.host}: stop the other program, pick another with --port, or --port 0 for a free one`);
    case "EACCES":
      return new Error(`not allowed to listen on ${where} (ports below 1024 need privileges): pick another with --port`);
    case "EADDRNOTAVAIL":
      return new Error(`cannot listen on ${where}: ${options.host} is not an address of this machine (--host)`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new Error(`cannot listen on ${where}: host ${options.host} not found (--host)`);
    default:
      return new Error(`cannot listen on ${where}: ${e.message}`);
  }
}
