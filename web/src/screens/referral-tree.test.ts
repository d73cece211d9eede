import { describe, expect, it } from 'vitest';
import { toTree, treeStats } from './referral-tree.js';

interface Edge {
  properties: { date: string; saleId: string | null };
  node: { id: string; name: string; referredConnection: { edges: Edge[] } };
}
const edge = (id: string, date: string, saleId: string | null, children: Edge[] = []): Edge => ({
  properties: { date, saleId },
  node: { id, name: id.toUpperCase(), referredConnection: { edges: children } },
});

describe('referral trees', () => {
  const root = {
    id: 'a',
    name: 'A',
    referredConnection: {
      edges: [edge('c', '2024-05-01', 's-c', [edge('e', '2024-09-01', 's-e')]), edge('b', '2024-01-01', null, [edge('d', '2024-02-01', 's-d'), edge('f', '2024-03-01', null)])],
    },
  };
  it('nests referrals oldest first with their dates and sales', () => {
    const t = toTree(root);
    expect(t.children.map((c) => c.id)).toEqual(['b', 'c']);
    expect(t.children[0]!.children.map((c) => [c.id, c.date, c.saleId])).toEqual([
      ['d', '2024-02-01', 's-d'],
      ['f', '2024-03-01', null],
    ]);
  });
  it('counts depth, breadth, referrals and sales', () => {
    expect(treeStats(toTree(root))).toEqual({ depth: 2, breadth: 3, referrals: 5, sales: 3 });
    expect(treeStats(toTree({ id: 'x', name: 'X' }))).toEqual({ depth: 0, breadth: 0, referrals: 0, sales: 0 });
  });
  it('stops at a cycle in bad data', () => {
    const loop = { id: 'a', name: 'A', referredConnection: { edges: [edge('b', '2024-01-01', null, [edge('a', '2024-02-01', null)])] } };
    const t = toTree(loop);
    expect(t.children[0]!.children).toEqual([]);
  });
});
