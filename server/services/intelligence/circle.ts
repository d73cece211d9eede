import type { TieType } from '../../domain.js';
import type { CircleMemberRow, CircleRaw } from '../../queries/intelligence-circle.queries.js';
import { personCard, type CircleMemberOut } from './types.js';
import { round9 } from './numbers.js';

/**
 * How much each signal sways a buyer (docs/intelligence.md). A tie adds weight × strength; "in" means the tie
 * points at the buyer (they advise / drive for the buyer), "out" that it starts at the buyer.
 */
export const TIE_WEIGHTS: Record<TieType, { in: number; out: number }> = {
  FAMILY: { in: 1.0, out: 1.0 },
  ADVISES: { in: 1.0, out: 0.2 },
  BUSINESS_PARTNER: { in: 0.6, out: 0.6 },
  DRIVES_FOR: { in: 0.4, out: 0.6 },
  COLLEAGUE: { in: 0.5, out: 0.5 },
  FRIEND: { in: 0.5, out: 0.5 },
};
/** Per visit accompanied, up to VISITS_COUNTED visits. */
export const VISIT_WEIGHT = 0.5;
export const VISITS_COUNTED = 4;
/** For an adviser of the buyer: this × (people they advise who bought ÷ people they advise). */
export const ADVISER_RECORD_WEIGHT = 1.0;

const SYMMETRIC_EN: Partial<Record<TieType, string>> = {
  FAMILY: 'family',
  FRIEND: 'friend',
  COLLEAGUE: 'colleague',
  BUSINESS_PARTNER: 'business partner',
};
const SYMMETRIC_ZH: Partial<Record<TieType, string>> = {
  FAMILY: '家人',
  FRIEND: '朋友',
  COLLEAGUE: '同事',
  BUSINESS_PARTNER: '生意伙伴',
};
const ROLE_ZH: Record<string, string> = {
  SPOUSE: '配偶',
  PARENT: '父母',
  CHILD: '子女',
  FRIEND: '朋友',
  COLLEAGUE: '同事',
  PARTNER: '合作伙伴',
  ADVISER: '懂车的朋友',
  DRIVER: '司机',
  OTHER: '其他',
};

const fmt = (x: number) => String(Math.round(x * 100) / 100);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function tieReason(kind: TieType, incoming: boolean, strength: number): [string, string] {
  const s = fmt(strength);
  const sym = SYMMETRIC_EN[kind];
  if (sym) return [`${sym} (tie strength ${s})`, `${SYMMETRIC_ZH[kind]}（关系强度 ${s}）`];
  if (kind === 'ADVISES') {
    return incoming
      ? [`advises this buyer on cars (tie strength ${s})`, `给这位客户出购车主意（关系强度 ${s}）`]
      : [`asks this buyer for car advice (tie strength ${s})`, `向这位客户请教买车（关系强度 ${s}）`];
  }
  return incoming
    ? [`drives for this buyer (tie strength ${s})`, `这位客户的司机（关系强度 ${s}）`]
    : [`this buyer drives for them (tie strength ${s})`, `这位客户为其开车（关系强度 ${s}）`];
}

interface Acc {
  visitsByRole: Map<string, Set<string>>;
  visits: Set<string>;
  ties: { kind: TieType; strength: number; incoming: boolean }[];
}

export function collectCircle(raw: CircleRaw): Map<string, Acc> {
  const acc = new Map<string, Acc>();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { visitsByRole: new Map(), visits: new Set(), ties: [] }));
    return a;
  };
  for (const [id, role, visit] of raw.companions) {
    const a = get(id);
    const r = role ?? 'OTHER';
    if (!a.visitsByRole.has(r)) a.visitsByRole.set(r, new Set());
    a.visitsByRole.get(r)!.add(visit);
    a.visits.add(visit);
  }
  for (const [id, kind, strength, startsAtBuyer] of raw.ties) {
    get(id).ties.push({ kind, strength, incoming: !startsAtBuyer });
  }
  return acc;
}

/** Advisers of the buyer: their track record is part of their weight. */
export function advisersOf(acc: Map<string, Acc>): string[] {
  return [...acc].filter(([, a]) => a.ties.some((t) => t.kind === 'ADVISES' && t.incoming)).map(([id]) => id);
}

export function scoreCircle(acc: Map<string, Acc>, members: CircleMemberRow[], max: number): CircleMemberOut[] {
  const out: CircleMemberOut[] = [];
  for (const m of members) {
    const a = acc.get(m.id);
    if (!a) continue;
    const reasons: string[] = [];
    const reasonsZh: string[] = [];
    let weight = 0;
    const visits = a.visits.size;
    const roles = [...a.visitsByRole].map(([role, set]) => ({ role, visits: set.size }));
    roles.sort((x, y) => y.visits - x.visits || (x.role < y.role ? -1 : 1));
    weight += VISIT_WEIGHT * Math.min(visits, VISITS_COUNTED);
    for (const r of roles) {
      reasons.push(`came to ${plural(r.visits, 'visit')} as ${r.role.toLowerCase()}`);
      reasonsZh.push(`以${ROLE_ZH[r.role] ?? r.role}身份陪同来店 ${r.visits} 次`);
    }
    const ties = [...a.ties].sort((x, y) => TIE_WEIGHTS[y.kind][y.incoming ? 'in' : 'out'] * y.strength - TIE_WEIGHTS[x.kind][x.incoming ? 'in' : 'out'] * x.strength);
    for (const t of ties) {
      weight += TIE_WEIGHTS[t.kind][t.incoming ? 'in' : 'out'] * t.strength;
      const [en, zh] = tieReason(t.kind, t.incoming, t.strength);
      reasons.push(en);
      reasonsZh.push(zh);
    }
    const isAdviser = ties.some((t) => t.kind === 'ADVISES' && t.incoming);
    if (isAdviser && m.advised > 0) {
      weight += ADVISER_RECORD_WEIGHT * (m.advisedBought / m.advised);
      reasons.push(`advised ${plural(m.advised, 'person').replace('persons', 'people')}, ${m.advisedBought} bought`);
      reasonsZh.push(`指点过 ${m.advised} 人买车，其中 ${m.advisedBought} 人已购车`);
    }
    out.push({
      person: personCard(m.id, m.name, m.kind, m.influence),
      weight: round9(weight),
      reasons,
      reasonsZh,
      tieKinds: [...new Set(ties.map((t) => t.kind))],
      visits,
      visitRoles: roles,
      advised: isAdviser ? m.advised : null,
      advisedBought: isAdviser ? m.advisedBought : null,
    });
  }
  out.sort((x, y) => y.weight - x.weight || (x.person.id < y.person.id ? -1 : x.person.id > y.person.id ? 1 : 0));
  return out.slice(0, max);
}
