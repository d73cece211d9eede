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

/** A few force-directed iterations; the centre person stays put so the drawing does not drift. */
export function layoutNetwork(graph: NetworkGraph, iterations = 120): void {
  if (graph.order < 2) return;
  forceAtlas2.assign(graph, {
    iterations,
    getEdgeWeight: 'strength',
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300, adjustSizes: false },
  });
}

/** The tie kinds present, for the legend. */
export function kindsInGraph(graph: NetworkGraph): string[] {
  const kinds = new Set<string>();
  graph.forEachEdge((_k, a) => kinds.add(a.kind));
  return [...kinds].sort((a, b) => TIE_KINDS.indexOf(a as TieKindName) - TIE_KINDS.indexOf(b as TieKindName));
}

/** Neighbours of a node with the kinds and strongest strength of the ties to them, strongest first. */
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
