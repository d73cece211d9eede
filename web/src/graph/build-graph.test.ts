import { describe, expect, it } from 'vitest';
import { LAYOUT_FIT_PIXELS, TIE_COLORS, createNetworkGraph, drawingExtent, edgeKey, edgeWidth, kindsInGraph, layoutNetwork, mergeNetwork, neighbourList, nodeSize, tiesBetween, type NetworkData } from './build-graph.js';

const first: NetworkData = {
  truncated: false,
  nodes: [
    { id: 'a', name: '王伟', kind: 'PROSPECT', influence: 0.2 },
    { id: 'b', name: '李娜', kind: 'BUYER', influence: 1.5 },
    { id: 'c', name: '共同联系人', kind: 'CONTACT', masked: true },
  ],
  edges: [
    { from: 'a', to: 'b', kind: 'FAMILY', strength: 0.9 },
    { from: 'c', to: 'a', kind: 'ADVISES', strength: 0.4 },
    { from: 'b', to: 'a', kind: 'FAMILY', strength: 0.9 }, // the same symmetric tie read from the other end
  ],
};

describe('styling rules', () => {
  it('draws strength 0..1 as 1..6 px, clamped', () => {
    expect(edgeWidth(0)).toBe(1);
    expect(edgeWidth(1)).toBe(6);
    expect(edgeWidth(0.5)).toBe(3.5);
    expect(edgeWidth(7)).toBe(6);
    expect(edgeWidth(-1)).toBe(1);
    expect(edgeWidth(Number.NaN)).toBe(1);
  });
  it('makes the centre biggest and grows with influence', () => {
    expect(nodeSize(0, true)).toBeGreaterThan(nodeSize(4, false));
    expect(nodeSize(1, false)).toBeGreaterThan(nodeSize(0.1, false));
    expect(nodeSize(null, false)).toBe(6);
  });
  it('keys symmetric ties by the pair, directed ones by direction', () => {
    expect(edgeKey({ from: 'b', to: 'a', kind: 'FRIEND', strength: 1 })).toBe(edgeKey({ from: 'a', to: 'b', kind: 'FRIEND', strength: 1 }));
    expect(edgeKey({ from: 'b', to: 'a', kind: 'ADVISES', strength: 1 })).not.toBe(edgeKey({ from: 'a', to: 'b', kind: 'ADVISES', strength: 1 }));
  });
});

describe('mergeNetwork', () => {
  it('builds the first answer: one node per person, one edge per tie, coloured by kind', () => {
    const g = createNetworkGraph();
    const r = mergeNetwork(g, first, 'a');
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    expect(r).toEqual({ addedNodes: ['a', 'b', 'c'], addedEdges: 2 });
    const fam = g.getEdgeAttributes(edgeKey(first.edges[0]!));
    expect(fam).toMatchObject({ kind: 'FAMILY', color: TIE_COLORS.FAMILY, size: edgeWidth(0.9), directed: false });
    const adv = g.getEdgeAttributes(edgeKey(first.edges[1]!));
    expect(adv).toMatchObject({ kind: 'ADVISES', directed: true });
    expect(g.isDirected(edgeKey(first.edges[1]!))).toBe(true);
    expect(g.getNodeAttributes('a')).toMatchObject({ center: true, expanded: true, fixed: true, label: '王伟' });
    expect(g.getNodeAttributes('c')).toMatchObject({ masked: true, center: false, expanded: false });
  });

  it('grows on expand: new people around the expanded one, known people and ties kept once', () => {
    const g = createNetworkGraph();
    mergeNetwork(g, first, 'a');
    const bPos = { x: g.getNodeAttribute('b', 'x'), y: g.getNodeAttribute('b', 'y') };
    const aPos = { x: g.getNodeAttribute('a', 'x'), y: g.getNodeAttribute('a', 'y') };
    const r = mergeNetwork(
      g,
      {
        truncated: true,
        nodes: [
          { id: 'b', name: '李娜', kind: 'BUYER' },
          { id: 'a', name: '王伟', kind: 'PROSPECT' },
          { id: 'd', name: '赵强', kind: 'BUYER' },
        ],
        edges: [
          { from: 'b', to: 'a', kind: 'FAMILY', strength: 0.9 },
          { from: 'b', to: 'd', kind: 'COLLEAGUE', strength: 0.3 },
          { from: 'd', to: 'zzz', kind: 'FRIEND', strength: 0.3 }, // a tie to someone not in the answer
          { from: 'd', to: 'd', kind: 'FRIEND', strength: 1 }, // a self-loop from bad data
        ],
      },
      'b',
      'a',
    );
    expect(r).toEqual({ addedNodes: ['d'], addedEdges: 1 });
    expect(g.order).toBe(4);
    expect(g.size).toBe(3);
    expect(g.getNodeAttribute('b', 'expanded')).toBe(true);
    expect(g.getNodeAttribute('a', 'center')).toBe(true);
    expect(g.getNodeAttribute('d', 'center')).toBe(false);
    // known people stay put; the new one is placed near the expanded person
    expect({ x: g.getNodeAttribute('a', 'x'), y: g.getNodeAttribute('a', 'y') }).toEqual(aPos);
    const d = g.getNodeAttributes('d');
    expect(Math.hypot(d.x - bPos.x, d.y - bPos.y)).toBeCloseTo(0.6, 5);
  });

  it('lists kinds in legend order and neighbours strongest first', () => {
    const g = createNetworkGraph();
    mergeNetwork(g, first, 'a');
    expect(kindsInGraph(g)).toEqual(['FAMILY', 'ADVISES']);
    expect(neighbourList(g, 'a')).toEqual([
      { id: 'b', kinds: ['FAMILY'], strength: 0.9 },
      { id: 'c', kinds: ['ADVISES'], strength: 0.4 },
    ]);
    expect(neighbourList(g, 'nobody')).toEqual([]);
  });

  it('gives the ties between two people with their stored direction, for removing one', () => {
    const g = createNetworkGraph();
    mergeNetwork(g, first, 'a');
    // the adviser's tie keeps its direction (c advises a) from whichever side it is asked
    expect(tiesBetween(g, 'a', 'c')).toEqual([{ from: 'c', to: 'a', kind: 'ADVISES', strength: 0.4 }]);
    expect(tiesBetween(g, 'c', 'a')).toEqual([{ from: 'c', to: 'a', kind: 'ADVISES', strength: 0.4 }]);
    // the symmetric tie read from both ends is one tie
    expect(tiesBetween(g, 'a', 'b')).toHaveLength(1);
    expect(tiesBetween(g, 'b', 'c')).toEqual([]);
    expect(tiesBetween(g, 'a', 'nobody')).toEqual([]);
  });

  it('lays out without moving the centre and gives everyone finite coordinates', () => {
    const g = createNetworkGraph();
    const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, name: `n${i}`, kind: 'CONTACT' }));
    const edges = nodes.slice(1).map((n, i) => ({ from: 'n0', to: n.id, kind: i % 2 ? 'FRIEND' : 'FAMILY', strength: (i % 10) / 10 }));
    mergeNetwork(g, { truncated: false, nodes, edges }, 'n0');
    const before = { x: g.getNodeAttribute('n0', 'x'), y: g.getNodeAttribute('n0', 'y') };
    layoutNetwork(g, 50);
    expect({ x: g.getNodeAttribute('n0', 'x'), y: g.getNodeAttribute('n0', 'y') }).toEqual(before);
    g.forEachNode((_id, a) => {
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
    });
  });

  it('keeps people apart at the scale they are drawn: hubs with many leaves no longer pile them up', () => {
    // a centre with hubs of leaves, as a depth-2 circle often is
    const build = (hubs: number, leaves: number) => {
      const g = createNetworkGraph();
      const nodes = [{ id: 'c', name: 'c', kind: 'BUYER' }];
      const edges = [];
      for (let h = 0; h < hubs; h++) {
        nodes.push({ id: `h${h}`, name: `h${h}`, kind: 'BUYER', influence: 1 } as (typeof nodes)[number]);
        edges.push({ from: 'c', to: `h${h}`, kind: 'FRIEND', strength: 0.8 });
        for (let l = 0; l < leaves; l++) {
          nodes.push({ id: `h${h}l${l}`, name: `h${h}l${l}`, kind: 'CONTACT', influence: 1 } as (typeof nodes)[number]);
          edges.push({ from: `h${h}`, to: `h${h}l${l}`, kind: 'FAMILY', strength: 0.9 });
        }
      }
      mergeNetwork(g, { truncated: false, nodes, edges }, 'c');
      return g;
    };
    // pairs of people drawn over each other when sigma fits the layout to the canvas
    const overlaps = (g: ReturnType<typeof build>) => {
      const pts: { x: number; y: number; size: number }[] = [];
      g.forEachNode((_id, a) => pts.push({ x: a.x, y: a.y, size: a.size }));
      const scale = LAYOUT_FIT_PIXELS / drawingExtent(g);
      let n = 0;
      for (let i = 0; i < pts.length; i++) {
        for (let j = i + 1; j < pts.length; j++) {
          if (Math.hypot(pts[i]!.x - pts[j]!.x, pts[i]!.y - pts[j]!.y) * scale < pts[i]!.size + pts[j]!.size) n++;
        }
      }
      return n;
    };
    for (const [hubs, leaves] of [
      [3, 15],
      [4, 25],
      [8, 24],
    ] as const) {
      const plain = build(hubs, leaves);
      layoutNetwork(plain, 120, false);
      const apart = build(hubs, leaves);
      layoutNetwork(apart);
      expect(overlaps(plain), `${hubs}×${leaves} before`).toBeGreaterThan(20);
      expect(overlaps(apart), `${hubs}×${leaves}`).toBe(0);
      // the centre stays where it was and, crowded or not, is still drawn biggest, hubs and leaves alike below it
      expect([apart.getNodeAttribute('c', 'x'), apart.getNodeAttribute('c', 'y')]).toEqual([plain.getNodeAttribute('c', 'x'), plain.getNodeAttribute('c', 'y')]);
      expect(apart.getNodeAttribute('c', 'size')).toBeGreaterThan(apart.getNodeAttribute('h0', 'size'));
      expect(apart.getNodeAttribute('h0', 'size')).toBe(apart.getNodeAttribute('h0l0', 'size'));
    }
    // a crowded circle is drawn smaller, a small one at full size
    const small = build(2, 10);
    layoutNetwork(small);
    expect(small.getNodeAttribute('h0l0', 'size')).toBe(nodeSize(1, false));
    const crowded = build(8, 24);
    layoutNetwork(crowded);
    expect(crowded.getNodeAttribute('h0l0', 'size')).toBeLessThan(nodeSize(1, false));
    // expanding a crowded circle shrinks from the sizes influence gives, not again from the shrunk ones: an old and a
    // new person of the same influence are drawn alike
    mergeNetwork(crowded, { truncated: false, nodes: [{ id: 'x0', name: 'x0', kind: 'CONTACT', influence: 1 }], edges: [{ from: 'h0l0', to: 'x0', kind: 'FRIEND', strength: 0.5 }] }, 'h0l0', 'c');
    layoutNetwork(crowded, 60);
    expect(crowded.getNodeAttribute('h0l0', 'size')).toBe(crowded.getNodeAttribute('x0', 'size'));
  });
});
