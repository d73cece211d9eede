import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { TieType } from '../../domain.js';
import { CompanionRole, PersonKind, TieKind } from '../shared-types.js';

/** Fields every person shown by the intelligence queries has; consent decides the name. */
@ObjectType({ description: 'A person as relationship intelligence shows them: named only with consent' })
export class PersonCard {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'The name, or null when the person may not be named to you' })
  name!: string | null;
  @Field(() => String, { description: 'The name, or 共同联系人 ("a mutual contact") when masked' })
  displayName!: string;
  @Field(() => Boolean, { description: 'True when the name is withheld (no share consent, another dealership)' })
  masked!: boolean;
  @Field(() => PersonKind, { nullable: true }) kind!: string | null;
  influenceValue?: number | null;
}

@ObjectType({ description: 'A person in a drawn network, with how far and how strongly they are linked to the centre' })
export class NetworkNode extends PersonCard {
  @Field(() => Int, { description: 'Ties between the centre and this person along the path found' }) hops!: number;
  @Field(() => Float, { description: 'Product of the tie strengths along that path (1 for the centre)' })
  pathStrength!: number;
}

@ObjectType({ description: 'A tie between two people; symmetric kinds keep their stored direction' })
export class NetworkEdge {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field(() => TieKind) kind!: TieType;
  @Field(() => Float, { description: '0..1' }) strength!: number;
}

@ObjectType({ description: "A person's circle for drawing, bounded by depth and limit" })
export class Network {
  @Field(() => ID) centerId!: string;
  @Field(() => Int) depth!: number;
  @Field(() => Int) limit!: number;
  @Field(() => [NetworkNode], { description: 'Centre first, then by hops, path strength (desc) and id' })
  nodes!: NetworkNode[];
  @Field(() => [NetworkEdge]) edges!: NetworkEdge[];
  @Field(() => Boolean, { description: 'True when the limit or a per-person cap left out ties or people' })
  truncated!: boolean;
}

@ObjectType({ description: 'A chain of ties between two people' })
export class Path {
  @Field(() => Int) hops!: number;
  @Field(() => Float, { description: 'Product of the tie strengths along the path' }) strength!: number;
  @Field(() => [PersonCard], { description: 'From the first person to the last' }) people!: PersonCard[];
  @Field(() => [NetworkEdge], { description: 'ties[i] links people[i] and people[i+1]' }) ties!: NetworkEdge[];
}

@ObjectType()
export class CompanionVisits {
  @Field(() => CompanionRole) role!: string;
  @Field(() => Int) visits!: number;
}

@ObjectType({ description: 'Someone who sways a buyer, with the weight and the reasons behind it' })
export class CircleMember {
  @Field(() => PersonCard) person!: PersonCard;
  @Field(() => Float, { description: 'See docs/intelligence.md; members come heaviest first' }) weight!: number;
  @Field(() => [String], { description: 'Why, in English, e.g. "came to 2 visits as spouse"' }) reasons!: string[];
  @Field(() => [String], { description: 'The same reasons in Chinese' }) reasonsZh!: string[];
  @Field(() => [TieKind]) tieKinds!: TieType[];
  @Field(() => Int, { description: "Visits of the buyer this person came along to" }) visits!: number;
  @Field(() => [CompanionVisits]) visitRoles!: CompanionVisits[];
  @Field(() => Int, { nullable: true, description: 'For advisers of the buyer: people they advise' }) advised!: number | null;
  @Field(() => Int, { nullable: true, description: 'For advisers of the buyer: of those, people who bought' })
  advisedBought!: number | null;
}

@ObjectType({ description: 'A person ranked by their stored influence score and its parts' })
export class Influencer {
  @Field(() => PersonCard) person!: PersonCard;
  @Field(() => Int, { description: 'Position in this (filtered) ranking, from 1' }) rank!: number;
  @Field(() => Float) score!: number;
  @Field(() => Float, { description: 'PageRank × number of people: 1 is average' }) centrality!: number;
  @Field(() => Int, { description: 'People they advise who bought a car' }) advisedBought!: number;
  @Field(() => Int, { description: 'Their referrals that became sales' }) referralSales!: number;
  @Field(() => Int, { description: 'Visits they came along to that ended in a sale within 90 days' })
  accompaniedSales!: number;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) dealershipId!: string | null;
  @Field(() => Boolean, { description: 'Agreed to be contacted: may be invited or asked for a referral' })
  contactConsent!: boolean;
  @Field(() => String, { nullable: true, description: 'When the score was computed (ISO date-time)' })
  computedAt!: string | null;
}

@ObjectType({ description: 'What one influence recompute did' })
export class InfluenceRun {
  @Field(() => Int) people!: number;
  @Field(() => Int) ties!: number;
  @Field(() => Int) iterations!: number;
  @Field(() => Boolean) converged!: boolean;
  @Field(() => Int, { description: 'Scores written (a newer overlapping run may have written some instead)' })
  written!: number;
  @Field(() => Int, { description: 'Scores left as they were (the same values as stored)' }) unchanged!: number;
  @Field(() => Int, { description: 'Erased people whose old scores were removed' }) erasedCleared!: number;
  @Field(() => Int) durationMs!: number;
  @Field(() => String) computedAt!: string;
}

@ObjectType({ description: 'A sale a referral led to' })
export class ReferralSale {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'ISO date' }) date!: string | null;
  @Field(() => Float, { nullable: true, description: 'Yuan' }) price!: number | null;
  @Field(() => String, { nullable: true, description: 'Brand and model' }) vehicle!: string | null;
}

@ObjectType({ description: 'One referral in a chain' })
export class ReferralHop {
  @Field(() => PersonCard, { description: 'The referrer' }) from!: PersonCard;
  @Field(() => PersonCard, { description: 'The person referred' }) to!: PersonCard;
  @Field(() => String, { nullable: true, description: 'ISO date' }) date!: string | null;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true, description: 'The sale this referral led to, if any' }) saleId!: string | null;
}

@ObjectType({ description: 'The referrals that led to a person, from the originator down' })
export class ReferralChain {
  @Field(() => PersonCard) person!: PersonCard;
  @Field(() => PersonCard, { description: 'The first referrer (the person themself when nobody referred them)' })
  originator!: PersonCard;
  @Field(() => Int, { description: 'Number of referrals in the chain' }) depth!: number;
  @Field(() => [ReferralHop], { description: 'From the originator to the person' }) hops!: ReferralHop[];
  @Field(() => Boolean, { description: 'True when the chain goes back further than 10 referrals' }) truncated!: boolean;
}

@ObjectType({ description: 'An originator of referral chains, ranked by the sales the chains produced' })
export class Referrer {
  @Field(() => PersonCard) person!: PersonCard;
  @Field(() => Int) rank!: number;
  @Field(() => Int, { description: 'Distinct sales produced anywhere in their chains' }) sales!: number;
  @Field(() => Int, { description: 'People in their chains' }) people!: number;
  @Field(() => Int, { description: 'Longest chain, in referrals' }) depth!: number;
  @Field(() => Int, { description: 'Most people at one level of the chains' }) breadth!: number;
  @Field(() => Int, { description: 'People they referred themselves' }) directReferrals!: number;
}

@ObjectType({ description: "A referrer's share of the credit for a sale" })
export class Credit {
  @Field(() => PersonCard) person!: PersonCard;
  @Field(() => Int, { description: '1 = the direct referrer, then one more per earlier hop' }) position!: number;
  @Field(() => Float, { description: 'shareNumerator / shareDenominator; shares of a sale sum to 1' }) share!: number;
  @Field(() => Int) shareNumerator!: number;
  @Field(() => Int) shareDenominator!: number;
  @Field(() => String, { nullable: true, description: 'When this person made their referral (ISO date)' })
  referralDate!: string | null;
}

@ObjectType({ description: 'A published testimonial by someone the prospect knows, and how they know them' })
export class ContactTestimonial {
  @Field(() => ID) id!: string;
  @Field(() => String) text!: string;
  @Field(() => Int, { nullable: true }) rating!: number | null;
  @Field(() => String, { nullable: true, description: 'ISO date' }) date!: string | null;
  @Field(() => String, { nullable: true, description: 'Brand and model of the car it is about' }) vehicle!: string | null;
  @Field(() => PersonCard) author!: PersonCard;
  @Field(() => Int) hops!: number;
  @Field(() => Float) pathStrength!: number;
  @Field(() => Path, { description: 'From the prospect to the author; intermediates masked without consent' })
  path!: Path;
  @Field(() => Boolean, { description: "The author agreed to be called about it and to be contacted" })
  canCall!: boolean;
}

@ObjectType({ description: 'Per-person numbers, each resolved in one round trip for the whole list' })
export class PersonInsight extends PersonCard {
  @Field(() => String, { nullable: true }) region!: string | null;
}
