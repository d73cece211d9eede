import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

// Turns `network` answers into one graphology graph that grows as nodes are expanded. Pure (no DOM), so the
// rules — colours, widths, de-duplication, placement of new nodes — are tested without a browser.

export const TIE_KINDS = ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER', 'ADVISES', 'DRIVES_FOR'] as const;
export type TieKindName = (typeof TIE_KINDS)[number];

/** Directed kinds read from -> to; the others are one undirected tie. */
export const DIRECTED_TIES: ReadonlySet<string> = new Set(['ADVISES', 'DRIVES_FOR']);

export const TIE_COLORS: Record<TieKindName, string> = {
  FAMILY: '#d9480f',
  FRIEND: '#1971c2',
  COLLEAGUE: '#0c8599',
  BUSINESS_PARTNER: '#7048e8',
  ADVISES: '#e8a100',
  DRIVES_FOR: '#5c677d',
};
const OTHER_TIE_COLOR = '#adb5bd';

export const PERSON_COLORS: Record<string, string> = {
  BUYER: '#2b8a3e',
  PROSPECT: '#e8590c',
  CONTACT: '#868e96',
};

export interface NetworkNodeData {
  id: string;
  name: string;
  kind: string;
  influence?: number | null;
  /** The name is withheld from this viewer (no share consent). */
  masked?: boolean;
}
export interface NetworkEdgeData {
  from: string;
  to: string;
  kind: string;
  strength: number;
}
export interface NetworkData {
  nodes: readonly NetworkNodeData[];
  edges: readonly NetworkEdgeData[];
  truncated: boolean;
}

export interface NodeAttrs {
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  kind: string;
  influence: number | null;
  center: boolean;
  expanded: boolean;
  masked: boolean;
  /** ForceAtlas2 leaves fixed nodes where they are. */
  fixed: boolean;
}
export interface EdgeAttrs {
  kind: string;
  strength: number;
  size: number;
  color: string;
  directed: boolean;
}

export type NetworkGraph = Graph<NodeAttrs, EdgeAttrs>;

export function tieColor(kind: string): string {
  return (TIE_COLORS as Record<string, string>)[kind] ?? OTHER_TIE_COLOR;
}

/** Strength 0..1 drawn as 1..6 px; values outside the range are clamped. */
export function edgeWidth(strength: number): number {
  const s = Number.isFinite(strength) ? Math.min(1, Math.max(0, strength)) : 0;
  return 1 + 5 * s;
}

/** Bigger for more influential people; the person the page is about is the biggest. */
export function nodeSize(influence: number | null | undefined, center: boolean): number {
  if (center) return 16;
  const i = typeof influence === 'number' && Number.isFinite(influence) ? Math.max(0, influence) : 0;
  return 6 + Math.min(8, Math.sqrt(i) * 8);
}

/** One key per tie: a symmetric tie read from either end is the same tie. */
export function edgeKey(e: NetworkEdgeData): string {
  if (DIRECTED_TIES.has(e.kind)) return `${e.kind}:${e.from}>${e.to}`;
  const [a, b] = e.from < e.to ? [e.from, e.to] : [e.to, e.from];
  return `${e.kind}:${a}-${b}`;
}

export function createNetworkGraph(): NetworkGraph {
  return new Graph<NodeAttrs, EdgeAttrs>({ type: 'mixed', multi: true, allowSelfLoops: false });
}

export interface MergeResult {
  addedNodes: string[];
  addedEdges: number;
}

/**
 * Adds a `network` answer around `anchorId`: new people are placed on a ring around the anchor (a
 * deterministic start for the layout), known ones keep their place, ties are added once.
 */
export function mergeNetwork(graph: NetworkGraph, data: NetworkData, anchorId: string, centerId = anchorId): MergeResult {
  const anchor = graph.hasNode(anchorId) ? graph.getNodeAttributes(anchorId) : { x: 0, y: 0 };
  const fresh = data.nodes.filter((n) => !graph.hasNode(n.id));
  const ring = graph.order === 0 ? 1 : 0.6;
  const addedNodes: string[] = [];
  fresh.forEach((n, i) => {
    const isAnchor = n.id === anchorId;
    const angle = (2 * Math.PI * i) / Math.max(1, fresh.length) + 0.3;
    graph.addNode(n.id, {
      label: n.name,
      x: isAnchor ? anchor.x : anchor.x + ring * Math.cos(angle),
      y: isAnchor ? anchor.y : anchor.y + ring * Math.sin(angle),
      size: nodeSize(n.influence, n.id === centerId),
      color: PERSON_COLORS[n.kind] ?? PERSON_COLORS.CONTACT!,
      kind: n.kind,
      influence: n.influence ?? null,
      center: n.id === centerId,
      expanded: n.id === anchorId,
      masked: n.masked ?? false,
      fixed: n.id === centerId,
    });
    addedNodes.push(n.id);
  });
  if (graph.hasNode(anchorId)) graph.setNodeAttribute(anchorId, 'expanded', true);
  let addedEdges = 0;
  for (const e of data.edges) {
    if (e.from === e.to || !graph.hasNode(e.from) || !graph.hasNode(e.to)) continue;
    const key = edgeKey(e);
    if (graph.hasEdge(key)) continue;
    const attrs: EdgeAttrs = {
      kind: e.kind,
      strength: e.strength,
      size: edgeWidth(e.strength),
      color: tieColor(e.kind),
      directed: DIRECTED_TIES.has(e.kind),
    };
    if (attrs.directed) graph.addDirectedEdgeWithKey(key, e.from, e.to, attrs);
    else graph.addUndirectedEdgeWithKey(key, e.from, e.to, attrs);
    addedEdges++;
  }
  return { addedNodes, addedEdges };
}

/** Canvas pixels the layout is fitted into (the drawing's height less sigma's stage padding, see styles.css). */
export const LAYOUT_FIT_PIXELS = 360;

/** The larger side of the layout's bounding box, which sigma fits to the canvas. */
export function drawingExtent(graph: NetworkGraph): number {
  const xs: number[] = [];
  const ys: number[] = [];
  graph.forEachNode((_id, a) => {
    xs.push(a.x);
    ys.push(a.y);
  });
  return extentOf(xs, ys);
}

/**
 * A few force-directed iterations, then (unless `separate` is false) the nodes pushed apart where they overlap; the
 * fixed (centre) people stay put so the drawing does not drift.
 */
export function layoutNetwork(graph: NetworkGraph, iterations = 120, separate = true): void {
  if (graph.order < 2) return;
  forceAtlas2.assign(graph, {
    iterations,
    getEdgeWeight: 'strength',
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300, adjustSizes: false },
  });
  if (separate) separateNodes(graph);
}

/** Pixels kept free between two drawn people. */
const GAP_PX = 4;
/** Share of the canvas square the people may cover before they are drawn smaller (loose packing, room for labels). */
const CROWDING = 0.3;
const MIN_SIZE_PX = 3;

/**
 * Pushes apart people drawn over each other. Sizes are screen pixels while the layout works in its own units, which
 * sigma fits to the canvas, so each pass measures the overlaps at the scale the drawing has then (pushing widens
 * it). A fixed (centre) person does not move; the other of a pair moves the whole way. Quadratic in people, which
 * `network`'s limit (≤ 500) bounds.
 */
export function separateNodes(graph: NetworkGraph, passes = 60): void {
  const ids: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const rs: number[] = [];
  const pinned: boolean[] = [];
  graph.forEachNode((id, a) => {
    ids.push(id);
    xs.push(a.x);
    ys.push(a.y);
    // the size influence gives, not the drawn one: a circle expanded again shrinks everyone once, alike
    rs.push(nodeSize(a.influence, a.center));
    pinned.push(a.fixed);
  });
  const n = ids.length;
  // a crowded circle cannot be drawn at full size: everyone smaller alike, so bigger still means more influential
  const needed = rs.reduce((sum, r) => sum + Math.PI * (r + GAP_PX / 2) ** 2, 0);
  const room = CROWDING * LAYOUT_FIT_PIXELS * LAYOUT_FIT_PIXELS;
  const shrink = needed > room ? Math.sqrt(room / needed) : 1;
  ids.forEach((id, k) => {
    rs[k] = shrink < 1 ? Math.max(MIN_SIZE_PX, rs[k]! * shrink) : rs[k]!;
    graph.setNodeAttribute(id, 'size', rs[k]!);
  });
  for (let k = 0; k < n; k++) rs[k] = rs[k]! + GAP_PX / 2;
  for (let pass = 0; pass < passes; pass++) {
    const unitsPerPixel = extentOf(xs, ys) / LAYOUT_FIT_PIXELS;
    if (!(unitsPerPixel > 0) || !Number.isFinite(unitsPerPixel)) return;
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (pinned[i] && pinned[j]) continue;
        const dx = xs[j]! - xs[i]!;
        const dy = ys[j]! - ys[i]!;
        const need = (rs[i]! + rs[j]!) * unitsPerPixel;
        const d2 = dx * dx + dy * dy;
        if (d2 >= need * need) continue;
        const d = Math.sqrt(d2);
        // two people on the very same spot part along a direction of their own
        const ux = d > 0 ? dx / d : Math.cos(i + j * 2.4);
        const uy = d > 0 ? dy / d : Math.sin(i + j * 2.4);
        const push = need - d;
        const share = pinned[i] ? 0 : pinned[j] ? 1 : 0.5;
        xs[i] = xs[i]! - ux * push * share;
        ys[i] = ys[i]! - uy * push * share;
        xs[j] = xs[j]! + ux * push * (1 - share);
        ys[j] = ys[j]! + uy * push * (1 - share);
        moved = true;
      }
    }
    if (!moved) break;
  }
  ids.forEach((id, k) => graph.mergeNodeAttributes(id, { x: xs[k]!, y: ys[k]! }));
}

function extentOf(xs: number[], ys: number[]): number {
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/** The tie kinds present, for the legend. */
export function kindsInGraph(graph: NetworkGraph): string[] {
  const kinds = new Set<string>();
  graph.forEachEdge((_k, a) => kinds.add(a.kind));
  return [...kinds].sort((a, b) => TIE_KINDS.indexOf(a as TieKindName) - TIE_KINDS.indexOf(b as TieKindName));
}

/** Neighbours of a node with the kinds and strongest strength of the ties to them, strongest first. */
/** The ties drawn between two people, as stored: from, to (the direction of ADVISES and DRIVES_FOR) and kind. */
export function tiesBetween(graph: NetworkGraph, a: string, b: string): { from: string; to: string; kind: string; strength: number }[] {
  if (!graph.hasNode(a) || !graph.hasNode(b)) return [];
  const out: { from: string; to: string; kind: string; strength: number }[] = [];
  graph.forEachEdge(a, (_k, attrs, source, target) => {
    if ((source === a ? target : source) === b) out.push({ from: source, to: target, kind: attrs.kind, strength: attrs.strength });
  });
  return out.sort((x, y) => x.kind.localeCompare(y.kind));
}

export function neighbourList(graph: NetworkGraph, id: string): { id: string; kinds: string[]; strength: number }[] {
  if (!graph.hasNode(id)) return [];
  const byNode = new Map<string, { kinds: Set<string>; strength: number }>();
  graph.forEachEdge(id, (_k, a, source, target) => {
    const other = source === id ? target : source;
    const entry = byNode.get(other) ?? { kinds: new Set<string>(), strength: 0 };
    entry.kinds.add(a.kind);
    entry.strength = Math.max(entry.strength, a.strength);
    byNode.set(other, entry);
  });
  return [...byNode.entries()]
    .map(([nid, v]) => ({ id: nid, kinds: [...v.kinds], strength: v.strength }))
    .sort((a, b) => b.strength - a.strength || a.id.localeCompare(b.id));
}
