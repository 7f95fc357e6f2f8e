// The map: an SVG drawing of positions, with no tiles and no network. Points are coloured by event
// type, trips are start → end segments, a scale bar gives the distance; the view fits the bounding
// box, and a single place shows its coordinates. Everything is built with DOM calls (no markup
// from strings), and text goes in as text.

const SVG = "http://www.w3.org/2000/svg";
const W = 900;
const H = 560;
const PAD = 48;

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4d7c0f", "#9a3412", "#475569"];

/** A colour per event type, the same for a name whatever else is on the map. */
export function colorOf(name) {
  let h = 0;
  for (const ch of String(name ?? "")) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** 1, 2 or 5 times a power of ten, in metres, that is about `target` metres or less. */
function niceDistance(target) {
  const p = Math.pow(10, Math.floor(Math.log10(target)));
  for (const m of [5, 2, 1]) if (m * p <= target) return m * p;
  return p;
}

function distanceText(m) {
  return m >= 1000 ? `${m / 1000} km` : `${m} m`;
}

function coordText(p) {
  return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
}

/**
 * Draws `points` ({id, event, lat, lon, role: "at"|"start"|"end", time?}) into `svg`; `onPick(id)`
 * when a mark is clicked. Returns the event types drawn with their colours, for a legend.
 */
export function drawMap(svg, points, onPick) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.append(s("rect", { x: 0, y: 0, width: W, height: H, class: "map-bg" }));
  if (points.length === 0) {
    svg.append(s("text", { x: W / 2, y: H / 2, class: "map-note", "text-anchor": "middle" }, "No positions in this selection."));
    return [];
  }
  // Equirectangular projection around the mean latitude: fine at city and region scale.
  const lat0 = points.reduce((a, p) => a + p.lat, 0) / points.length;
  const mx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const my = 110_540;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of points) {
    const x = p.lon * mx;
    const y = p.lat * my;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  // A single place (or several at one spot) is shown 2 km across.
  const spanX = Math.max(maxX - minX, 1);
  const spanY = Math.max(maxY - minY, 1);
  const single = maxX - minX < 1 && maxY - minY < 1;
  const scale = single ? (W - 2 * PAD) / 2000 : Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY); // px per metre
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const px = (p) => W / 2 + (p.lon * mx - cx) * scale;
  const py = (p) => H / 2 - (p.lat * my - cy) * scale;

  const lines = s("g", { class: "trips" });
  const marks = s("g", { class: "marks" });
  svg.append(lines, marks);

  // Trips: each entry's start and end joined.
  const byEntry = new Map();
  for (const p of points) {
    if (p.role === "at") continue;
    const t = byEntry.get(p.id) ?? {};
    t[p.role] = p;
    byEntry.set(p.id, t);
  }
  for (const [id, t] of byEntry) {
    if (!t.start || !t.end) continue;
    lines.append(
      s("line", { x1: px(t.start), y1: py(t.start), x2: px(t.end), y2: py(t.end), stroke: colorOf(t.start.event), class: "trip", "data-id": id }),
    );
  }

  const types = new Map();
  for (const p of points) {
    const color = colorOf(p.event);
    types.set(p.event ?? "(unknown)", color);
    const mark = s("circle", {
      cx: px(p),
      cy: py(p),
      r: p.role === "at" ? 6 : 5,
      fill: p.role === "start" ? "#ffffff" : color,
      stroke: color,
      "stroke-width": p.role === "start" ? 3 : 1.5,
      class: `mark role-${p.role}`,
      "data-id": p.id,
      tabindex: 0,
    });
    const when = p.time ? ` at ${new Date(p.time).toISOString()}` : "";
    mark.append(s("title", {}, `#${p.id} ${p.event ?? "(unknown)"}${p.role === "at" ? "" : ` (${p.role})`}: ${coordText(p)}${when}`));
    mark.addEventListener("click", () => onPick(p.id));
    mark.addEventListener("keydown", (e) => {
      if (e.key === "Enter") onPick(p.id);
    });
    marks.append(mark);
  }

  if (single) {
    const p = points[0];
    svg.append(s("text", { x: px(p) + 12, y: py(p) - 12, class: "map-label" }, coordText(p)));
  } else {
    // The corners' coordinates, so the drawing can be placed on a real map.
    const north = (cy + (H / 2) / scale) / my;
    const south = (cy - (H / 2) / scale) / my;
    const west = (cx - (W / 2) / scale) / mx;
    const east = (cx + (W / 2) / scale) / mx;
    svg.append(s("text", { x: 8, y: 16, class: "map-corner" }, `${north.toFixed(4)}, ${west.toFixed(4)}`));
    svg.append(s("text", { x: W - 8, y: 16, class: "map-corner", "text-anchor": "end" }, `${north.toFixed(4)}, ${east.toFixed(4)}`));
    svg.append(s("text", { x: W - 8, y: H - 8, class: "map-corner", "text-anchor": "end" }, `${south.toFixed(4)}, ${east.toFixed(4)}`));
  }

  // Scale bar: a round distance of at most ~160 px.
  const metres = niceDistance(160 / scale);
  const len = metres * scale;
  const bar = s("g", { class: "scale", transform: `translate(${PAD / 2}, ${H - 22})` });
  bar.append(
    s("line", { x1: 0, y1: 0, x2: len, y2: 0 }),
    s("line", { x1: 0, y1: -5, x2: 0, y2: 5 }),
    s("line", { x1: len, y1: -5, x2: len, y2: 5 }),
    s("text", { x: len / 2, y: -8, "text-anchor": "middle" }, distanceText(metres)),
  );
  svg.append(bar);
  return [...types.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
