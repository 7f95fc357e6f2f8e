/**
 * Engine.IO (v3 and v4) and Socket.IO packet encoding, pure. Engine.IO packets are one digit and
 * data: 0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop. Socket.IO packets ride inside
 * message packets: `<type>[<attachments>-][/nsp,][ackId][json]`, types 0 CONNECT, 1 DISCONNECT,
 * 2 EVENT, 3 ACK, 4 CONNECT_ERROR (v3 also: ERROR), 5 BINARY_EVENT, 6 BINARY_ACK.
 */
export const EIO_TYPES = ["open", "close", "ping", "pong", "message", "upgrade", "noop"] as const;
export type EioType = (typeof EIO_TYPES)[number];

export interface EioPacket {
  type: EioType;
  data: string;
}

export function decodeEio(text: string): EioPacket | undefined {
  const code = text.charCodeAt(0) - 48;
  const type = EIO_TYPES[code];
  return type ? { type, data: text.slice(1) } : undefined;
}

export function encodeEio(type: EioType, data = ""): string {
  return String(EIO_TYPES.indexOf(type)) + data;
}

export interface OpenInfo {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  /** Only Engine.IO protocol 4 servers send it: how `auto` tells v4 from v3. */
  maxPayload?: number;
}

export function parseOpen(data: string): OpenInfo | undefined {
  try {
    const v = JSON.parse(data) as Partial<OpenInfo>;
    if (typeof v.sid !== "string" || typeof v.pingInterval !== "number" || typeof v.pingTimeout !== "number") return undefined;
    return { sid: v.sid, pingInterval: v.pingInterval, pingTimeout: v.pingTimeout, ...(typeof v.maxPayload === "number" && { maxPayload: v.maxPayload }) };
  } catch {
    return undefined;
  }
}

export const SIO_TYPES = ["connect", "disconnect", "event", "ack", "connect_error", "binary_event", "binary_ack"] as const;
export type SioType = (typeof SIO_TYPES)[number];

export interface SioPacket {
  type: SioType;
  /** "/" for the main namespace. */
  nsp: string;
  id?: number;
  data?: unknown;
  attachments?: number;
}

/** Decodes the data of an Engine.IO message packet; a string explains a malformed packet. */
export function decodeSio(text: string): SioPacket | string {
  const type = SIO_TYPES[text.charCodeAt(0) - 48];
  if (!type) return `unknown Socket.IO packet type ${JSON.stringify(text.slice(0, 1))}`;
  let i = 1;
  const packet: SioPacket = { type, nsp: "/" };
  if (type === "binary_event" || type === "binary_ack") {
    const dash = text.indexOf("-", i);
    const n = Number(text.slice(i, dash));
    if (dash < 0 || !Number.isInteger(n)) return "malformed binary packet (no attachment count)";
    packet.attachments = n;
    i = dash + 1;
  }
  if (text[i] === "/") {
    const comma = text.indexOf(",", i);
    packet.nsp = comma < 0 ? text.slice(i) : text.slice(i, comma);
    i = comma < 0 ? text.length : comma + 1;
  }
  let digits = "";
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits += text[i++];
  if (digits) packet.id = Number(digits);
  if (i < text.length) {
    try {
      packet.data = JSON.parse(text.slice(i));
    } catch {
      return `Socket.IO packet data is not JSON: ${text.slice(i, i + 60)}`;
    }
  }
  return packet;
}

export function encodeSio(packet: SioPacket): string {
  let out = String(SIO_TYPES.indexOf(packet.type));
  if (packet.attachments !== undefined) out += `${packet.attachments}-`;
  if (packet.nsp && packet.nsp !== "/") out += packet.nsp + ",";
  if (packet.id !== undefined) out += String(packet.id);
  if (packet.data !== undefined) out += JSON.stringify(packet.data);
  return out;
}

/** An EVENT packet's name and first argument, or undefined for other packets. */
export function eventOf(packet: SioPacket): { name: string; payload: unknown } | undefined {
  if (packet.type !== "event" || !Array.isArray(packet.data) || typeof packet.data[0] !== "string") return undefined;
  return { name: packet.data[0], payload: packet.data[1] };
}

/** The text of a CONNECT_ERROR: `"text"` (v3) or `{"message":"text"}` (v4). */
export function errorMessage(packet: SioPacket): string {
  const d = packet.data;
  if (typeof d === "string") return d;
  if (d && typeof d === "object" && typeof (d as { message?: unknown }).message === "string") return (d as { message: string }).message;
  return d === undefined ? "connection refused" : JSON.stringify(d);
}

/** The websocket URL of a feed: socket.io path and EIO query for Socket.IO, as given for raw. */
export function feedUrl(base: string, options: { protocol: "socket.io" | "raw"; eio: 3 | 4; token?: string; path?: string }): URL {
  const url = new URL(base);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  if (options.protocol === "socket.io") {
    if (options.path) url.pathname = options.path;
    else if (url.pathname === "/" || url.pathname === "") url.pathname = "/socket.io/";
    url.searchParams.set("EIO", String(options.eio));
    url.searchParams.set("transport", "websocket");
  }
  if (options.token !== undefined) url.searchParams.set("token", options.token);
  return url;
}

/** A URL fit to print: the token query value and any user:password replaced. */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    for (const key of [...u.searchParams.keys()]) {
      if (/token|secret|key|auth|password/i.test(key)) u.searchParams.set(key, "[redacted]");
    }
    if (u.password) u.password = "[redacted]";
    return u.toString().replaceAll("%5Bredacted%5D", "[redacted]");
  } catch {
    return String(url)
      .replace(/([?&][^=&#]*(?:token|secret|key|auth|password)[^=&#]*=)[^&#]*/gi, "$1[redacted]")
      .replace(/(\/\/[^/?#@:]*:)[^/?#@]*@/, "$1[redacted]@");
  }
}
