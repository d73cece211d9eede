// Referral trees as drawn on the referrals screen: nested `referredConnection` answers become plain nodes.

export interface TreeNode {
  id: string;
  name: string;
  date: string | null;
  saleId: string | null;
  children: TreeNode[];
}

interface ConnectionLike {
  edges: readonly { properties: { date?: string | null; saleId?: string | null }; node: PersonLike }[];
}
interface PersonLike {
  id: string;
  name: string;
  referredConnection?: ConnectionLike | null;
}

export function toTree(root: PersonLike, date: string | null = null, saleId: string | null = null, seen = new Set<string>()): TreeNode {
  seen.add(root.id);
  const children = (root.referredConnection?.edges ?? [])
    // a cycle in bad data must not draw forever
    .filter((e) => !seen.has(e.node.id))
    .map((e) => toTree(e.node, e.properties.date ?? null, e.properties.saleId ?? null, seen))
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
  return { id: root.id, name: root.name, date, saleId, children };
}

/** Depth (hops below the root), breadth (widest level), referrals and the sales they led to. */
export function treeStats(tree: TreeNode): { depth: number; breadth: number; referrals: number; sales: number } {
  let depth = 0;
  let breadth = 0;
  let referrals = 0;
  let sales = 0;
  let level = tree.children;
  while (level.length > 0) {
    depth += 1;
    breadth = Math.max(breadth, level.length);
    referrals += level.length;
    sales += level.filter((n) => n.saleId).length;
    level = level.flatMap((n) => n.children);
  }
  return { depth, breadth, referrals, sales };
}
