import type { TieType } from '../../domain.js';

/** What the client shows for a person who may not be named: "a mutual contact". */
export const MUTUAL_CONTACT = '共同联系人';

/** A person as the intelligence queries show them: named only with consent (or to their own dealership/admins). */
export interface PersonCardOut {
  id: string;
  name: string | null;
  displayName: string;
  masked: boolean;
  kind: string | null;
  /** The stored score when the query already read it; otherwise the field resolves through a DataLoader. */
  influenceValue?: number | null;
}

export function personCard(id: string, name: string | null, kind: string | null, influence?: number | null): PersonCardOut {
  return {
    id,
    name,
    displayName: name ?? MUTUAL_CONTACT,
    masked: name === null,
    kind,
    ...(influence !== undefined ? { influenceValue: influence } : {}),
  };
}

export interface NetworkNodeOut extends PersonCardOut {
  hops: number;
  pathStrength: number;
}

export interface TieOut {
  from: string;
  to: string;
  kind: TieType;
  strength: number;
}

export interface NetworkOut {
  centerId: string;
  depth: number;
  limit: number;
  nodes: NetworkNodeOut[];
  edges: TieOut[];
  truncated: boolean;
}

export interface PathOut {
  hops: number;
  strength: number;
  people: PersonCardOut[];
  ties: TieOut[];
}

export interface CompanionVisitsOut {
  role: string;
  visits: number;
}

export interface CircleMemberOut {
  person: PersonCardOut;
  weight: number;
  reasons: string[];
  reasonsZh: string[];
  tieKinds: TieType[];
  visits: number;
  visitRoles: CompanionVisitsOut[];
  advised: number | null;
  advisedBought: number | null;
}

export interface InfluencerOut {
  person: PersonCardOut;
  rank: number;
  score: number;
  centrality: number;
  advisedBought: number;
  referralSales: number;
  accompaniedSales: number;
  region: string | null;
  dealershipId: string | null;
  contactConsent: boolean;
  computedAt: string | null;
}

export interface InfluenceRunOut {
  people: number;
  ties: number;
  iterations: number;
  converged: boolean;
  written: number;
  /** Scores left as they were, because the run computed the same values. */
  unchanged: number;
  erasedCleared: number;
  durationMs: number;
  computedAt: string;
}

export interface ReferralHopOut {
  from: PersonCardOut;
  to: PersonCardOut;
  date: string | null;
  channel: string | null;
  saleId: string | null;
}

export interface ReferralChainOut {
  person: PersonCardOut;
  originator: PersonCardOut;
  depth: number;
  hops: ReferralHopOut[];
  truncated: boolean;
}

export interface ReferrerOut {
  person: PersonCardOut;
  rank: number;
  sales: number;
  people: number;
  depth: number;
  breadth: number;
  directReferrals: number;
}

export interface CreditOut {
  person: PersonCardOut;
  position: number;
  share: number;
  shareNumerator: number;
  shareDenominator: number;
  referralDate: string | null;
}

export interface ContactTestimonialOut {
  id: string;
  text: string;
  rating: number | null;
  date: string | null;
  vehicle: string | null;
  author: PersonCardOut;
  hops: number;
  pathStrength: number;
  path: PathOut;
  canCall: boolean;
}

export interface PersonInsightOut extends PersonCardOut {
  region: string | null;
}

export interface SaleOut {
  id: string;
  date: string | null;
  price: number | null;
  vehicle: string | null;
}
