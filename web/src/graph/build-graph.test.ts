import { describe, expect, it } from 'vitest';
import { TIE_COLORS, createNetworkGraph, edgeKey, edgeWidth, kindsInGraph, layoutNetwork, mergeNetwork, neighbourList, nodeSize, type NetworkData } from './build-graph.js';

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
});
