import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

// ---- enums -----------------------------------------------------------------------------------------------------

// same name and values as the SDL enums, so the merged schema has one of each
export enum FollowUpStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(FollowUpStatus, { name: 'FollowUpStatus' });

export enum TestimonialStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(TestimonialStatus, { name: 'TestimonialStatus' });

export enum CallOutcome {
  REACHED = 'REACHED',
  NO_ANSWER = 'NO_ANSWER',
  DECLINED = 'DECLINED',
  UNREACHABLE = 'UNREACHABLE',
}
registerEnumType(CallOutcome, {
  name: 'CallOutcome',
  description: 'How the thank-you call went',
  valuesConfig: {
    REACHED: { description: 'Spoke with the customer: thanks, help, feedback recorded; the call is done' },
    NO_ANSWER: { description: 'Nobody answered: the attempt is counted and the call stays open' },
    DECLINED: { description: 'Reached, but the customer did not want to talk; the call is done' },
    UNREACHABLE: { description: 'Gave up (wrong number, repeatedly unreachable); the call is done' },
  },
});

export enum HelpKind {
  PLATES = 'PLATES',
  REGISTRATION = 'REGISTRATION',
  ROUTE_MAPS = 'ROUTE_MAPS',
  OTHER = 'OTHER',
}
registerEnumType(HelpKind, { name: 'HelpKind', description: 'Help a customer asked for on the thank-you call (上牌、登记、出行地图…)' });

export enum SalesDimension {
  MODEL = 'MODEL',
  BRAND = 'BRAND',
  REGION = 'REGION',
  MONTH = 'MONTH',
  DEALERSHIP = 'DEALERSHIP',
  SALESPERSON = 'SALESPERSON',
  SOURCE = 'SOURCE',
}
registerEnumType(SalesDimension, {
  name: 'SalesDimension',
  description: 'What salesStats groups by',
  valuesConfig: {
    REGION: { description: "The buyer's region" },
    MONTH: { description: 'YYYY-MM of the sale date' },
    SOURCE: { description: 'REFERRAL, COMPANION_VISIT, VISIT or DIRECT: the first that applies (docs/routines.md)' },
  },
});

export enum HealthBand {
  HOT = 'HOT',
  WARM = 'WARM',
  COLD = 'COLD',
}
registerEnumType(HealthBand, { name: 'HealthBand', description: 'Relationship health: HOT >= 60, WARM >= 30, COLD below' });

export enum ModelVelocity {
  HOT = 'HOT',
  STEADY = 'STEADY',
  SLOW = 'SLOW',
}
registerEnumType(ModelVelocity, { name: 'ModelVelocity', description: 'Sales rate against the median model: HOT >= 1.5x, SLOW <= 0.5x' });

export enum WayInKind {
  SALESPERSON = 'SALESPERSON',
  CIRCLE = 'CIRCLE',
}
registerEnumType(WayInKind, { name: 'WayInKind' });

export enum WithdrawnReason {
  WITHDRAWN = 'WITHDRAWN',
  CONSENT_REVOKED = 'CONSENT_REVOKED',
  ERASED = 'ERASED',
}
registerEnumType(WithdrawnReason, { name: 'WithdrawnReason', description: 'Why a board entry may no longer be shown' });

export enum HealthPartKey {
  INTERACTIONS = 'INTERACTIONS',
  FOLLOW_UP = 'FOLLOW_UP',
  SERVICE = 'SERVICE',
  CIRCLE = 'CIRCLE',
  REFERRALS = 'REFERRALS',
}
registerEnumType(HealthPartKey, { name: 'HealthPartKey' });

// ---- sales -----------------------------------------------------------------------------------------------------

@InputType({ description: 'A sale to record. Name the model by vehicleModelId, or by brand and model (created if new).' })
export class SaleInput {
  @Field(() => ID) buyerId!: string;
  @Field(() => ID, { nullable: true }) vehicleModelId?: string | null;
  @Field(() => String, { nullable: true }) brand?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { description: '17 characters, 0-9 and A-Z without I, O, Q; unique' }) vin!: string;
  @Field(() => Float, { description: 'Yuan, more than 0' }) price!: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not in the future; today when omitted' }) date?: string | null;
  @Field(() => ID, { nullable: true, description: 'Admins only: the dealership the sale belongs to' }) dealershipId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The salesperson (a user of the dealership); the viewer when omitted' })
  salespersonId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Idempotency key: repeating the mutation with the same key returns the sale already recorded',
  })
  clientMutationId?: string | null;
}

@ObjectType()
export class RecordedSale {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field(() => Float) price!: number;
  @Field(() => String, { description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) salespersonId!: string | null;
  @Field(() => ID, { nullable: true }) buyerId!: string | null;
  @Field(() => ID, { nullable: true }) vehicleModelId!: string | null;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String, { nullable: true }) clientMutationId!: string | null;
}

@ObjectType({ description: 'One thank-you call to make or made' })
export class FollowUpItem {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => FollowUpStatus) status!: string;
  @Field(() => Boolean, { description: 'Open and past its due date (China time)' }) overdue!: boolean;
  @Field(() => Int) daysOverdue!: number;
  @Field(() => String, { nullable: true }) doneAt!: string | null;
  @Field(() => CallOutcome, { nullable: true }) outcome!: string | null;
  @Field(() => String, { nullable: true, description: "Feedback kept without publish consent; the store's staff only" })
  notes!: string | null;
  @Field(() => Int, { description: 'Call attempts so far' }) attempts!: number;
  @Field(() => Boolean, { nullable: true }) thanksGiven!: boolean | null;
  @Field(() => [HelpKind]) helpRequested!: string[];
  @Field(() => Int, { nullable: true }) rating!: number | null;
  @Field(() => ID, { nullable: true, description: 'The draft testimonial the feedback became, with consent' })
  testimonialId!: string | null;
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) assigneeId!: string | null;
  @Field(() => ID, { nullable: true }) saleId!: string | null;
  @Field(() => String, { nullable: true }) saleDate!: string | null;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => ID, { nullable: true }) buyerId!: string | null;
  @Field(() => String, { nullable: true }) buyerName!: string | null;
  @Field(() => String, { nullable: true }) buyerPhone!: string | null;
  @Field(() => Boolean, { nullable: true }) buyerContactConsent!: boolean | null;
}

@ObjectType()
export class RecordSalePayload {
  @Field(() => Boolean, { description: 'false when this repeated an earlier call and nothing new was written' })
  created!: boolean;
  @Field(() => RecordedSale) sale!: RecordedSale;
  @Field(() => FollowUpItem, { nullable: true }) followUp!: FollowUpItem | null;
  @Field(() => ID, {
    nullable: true,
    description: "The referrer credited with this sale: the buyer's earliest referral on or before it that had no sale yet",
  })
  referrerId!: string | null;
}

@ObjectType({ description: 'A help request from a thank-you call (a Task node)' })
export class HelpTask {
  @Field(() => ID) id!: string;
  @Field(() => HelpKind) kind!: string;
  @Field(() => String, { description: 'OPEN or DONE' }) status!: string;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => String, { nullable: true }) dueDate!: string | null;
  @Field(() => String, { nullable: true }) doneAt!: string | null;
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) assigneeId!: string | null;
  @Field(() => ID, { nullable: true }) followUpId!: string | null;
  @Field(() => ID, { nullable: true }) saleId!: string | null;
  @Field(() => ID, { nullable: true }) personId!: string | null;
}

@ObjectType()
export class CompleteFollowUpPayload {
  @Field(() => FollowUpItem) followUp!: FollowUpItem;
  @Field(() => ID, { nullable: true }) testimonialId!: string | null;
  @Field(() => [HelpTask]) tasks!: HelpTask[];
}

@ObjectType()
export class DealershipFollowUpStats {
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) dealershipName!: string | null;
  @Field(() => Int, { description: 'Follow-ups due in the period (cancelled ones left out)' }) due!: number;
  @Field(() => Int) done!: number;
  @Field(() => Int, { description: 'Done with the customer reached' }) reached!: number;
  @Field(() => Int, { description: 'Done on or before the due date' }) onTime!: number;
  @Field(() => Int) overdueOpen!: number;
  @Field(() => Float, { nullable: true }) completionRate!: number | null;
  @Field(() => Float, { nullable: true }) reachRate!: number | null;
  @Field(() => Float, { nullable: true }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Days from the sale to the completed call' }) averageDaysToCall!: number | null;
  @Field(() => Float, { nullable: true }) medianDaysToCall!: number | null;
}

@ObjectType()
export class SalespersonFollowUpStats extends DealershipFollowUpStats {
  @Field(() => String, { nullable: true }) assigneeId!: string | null;
  @Field(() => String, { nullable: true }) assigneeName!: string | null;
}

@ObjectType()
export class FollowUpStats {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => [SalespersonFollowUpStats]) bySalesperson!: SalespersonFollowUpStats[];
  @Field(() => [DealershipFollowUpStats]) byDealership!: DealershipFollowUpStats[];
}

@ObjectType()
export class SalesKey {
  @Field(() => SalesDimension) dimension!: string;
  @Field(() => String, { nullable: true, description: 'The id or value grouped by; null when unknown' }) value!: string | null;
  @Field(() => String) label!: string;
}

@ObjectType()
export class SalesMetrics {
  @Field(() => Int) count!: number;
  @Field(() => Float, { description: 'Yuan' }) revenue!: number;
  @Field(() => Float, { nullable: true }) averagePrice!: number | null;
  @Field(() => Int, { description: 'Sales whose buyer was referred (before the sale, or for this sale)' }) referralCount!: number;
  @Field(() => Float, { nullable: true }) referralShare!: number | null;
  @Field(() => Int, { description: 'Sales whose buyer came with companions in the 180 days before' }) companionCount!: number;
  @Field(() => Float, { nullable: true }) companionShare!: number | null;
}

@ObjectType()
export class SalesGroup extends SalesMetrics {
  @Field(() => [SalesKey]) keys!: SalesKey[];
  @Field(() => Int, { nullable: true, description: 'Grouped by MONTH: the same group a month earlier; null before `from`' })
  previousCount!: number | null;
  @Field(() => Float, { nullable: true }) previousRevenue!: number | null;
  @Field(() => Int, { nullable: true }) countChange!: number | null;
  @Field(() => Float, { nullable: true, description: 'Month-over-month change of the count, e.g. 0.25 = +25%' })
  countChangeRate!: number | null;
  @Field(() => Float, { nullable: true }) revenueChangeRate!: number | null;
}

@ObjectType()
export class SalesStats {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => [SalesDimension]) groupBy!: string[];
  @Field(() => SalesMetrics) totals!: SalesMetrics;
  @Field(() => [SalesGroup]) groups!: SalesGroup[];
  @Field(() => Boolean, { description: 'More than 2000 groups: only the largest are listed' }) truncated!: boolean;
}

@ObjectType()
export class ModelDemandRow {
  @Field(() => ID) vehicleModelId!: string;
  @Field(() => String) brand!: string;
  @Field(() => String) model!: string;
  @Field(() => Int, { description: "People in prospects' circles (1-2 hops) who bought this model in the period" })
  circleBuyers!: number;
  @Field(() => Int, { description: 'Prospects with such a buyer in their circle' }) prospectsReached!: number;
  @Field(() => Int) recentSales!: number;
  @Field(() => Int, { description: 'Sales in the equally long period before' }) previousSales!: number;
  @Field(() => Float) salesPerMonth!: number;
  @Field(() => Float, { nullable: true }) trend!: number | null;
  @Field(() => ModelVelocity) velocity!: string;
}

@ObjectType()
export class ModelDemand {
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => Int) months!: number;
  @Field(() => String) since!: string;
  @Field(() => Float) medianSalesPerMonth!: number;
  @Field(() => [ModelDemandRow]) models!: ModelDemandRow[];
}

// ---- boards ----------------------------------------------------------------------------------------------------

@ObjectType()
export class BoardScoreParts {
  @Field(() => Float) rating!: number;
  @Field(() => Float) substance!: number;
  @Field(() => Float) recency!: number;
  @Field(() => Float) base!: number;
}

@ObjectType()
export class BoardCandidate {
  @Field(() => ID) testimonialId!: string;
  @Field(() => Int) rank!: number;
  @Field(() => Float, { description: 'Base score minus the variety penalty at the time it was picked' }) score!: number;
  @Field(() => BoardScoreParts) parts!: BoardScoreParts;
  @Field(() => Float) diversityPenalty!: number;
  @Field(() => ID) authorId!: string;
  @Field(() => String) authorName!: string;
  @Field(() => String) text!: string;
  @Field(() => Int) rating!: number;
  @Field(() => String) date!: string;
  @Field(() => Boolean) consentToBeCalled!: boolean;
  @Field(() => ID, { nullable: true }) saleId!: string | null;
  @Field(() => ID, { nullable: true }) vehicleModelId!: string | null;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String, { nullable: true }) salespersonId!: string | null;
  @Field(() => String, { nullable: true }) salespersonName!: string | null;
}

@ObjectType()
export class BoardCandidates {
  @Field(() => String) week!: string;
  @Field(() => String) weekStart!: string;
  @Field(() => String) weekEnd!: string;
  @Field(() => String) dealershipId!: string;
  @Field(() => Int, { description: 'Every published testimonial of the week, eligible or not' }) publishedReviewCount!: number;
  @Field(() => Int) eligibleCount!: number;
  @Field(() => String) disclaimer!: string;
  @Field(() => [BoardCandidate]) candidates!: BoardCandidate[];
}

@ObjectType({ description: 'One testimonial as it was published on a board' })
export class BoardEntry {
  @Field(() => ID) id!: string;
  @Field(() => Int) rank!: number;
  @Field(() => ID) testimonialId!: string;
  @Field(() => String, { nullable: true, description: 'null once withdrawn' }) authorName!: string | null;
  @Field(() => String, { nullable: true, description: 'null once withdrawn' }) text!: string | null;
  @Field(() => Int) rating!: number;
  @Field(() => String) date!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String, { nullable: true }) salespersonName!: string | null;
  @Field(() => Boolean, { description: 'The testimonial was withdrawn, or its consent revoked, after publication' })
  withdrawn!: boolean;
  @Field(() => WithdrawnReason, { nullable: true }) withdrawnReason!: string | null;
}

@ObjectType({ description: "A week's testimonial board as published (kept, never edited)" })
export class Board {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'ISO week, e.g. 2026-W48' }) week!: string;
  @Field(() => String) weekStart!: string;
  @Field(() => String) weekEnd!: string;
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) dealershipName!: string | null;
  @Field(() => String) publishedAt!: string;
  @Field(() => String) publishedBy!: string;
  @Field(() => String, { nullable: true }) publishedByName!: string | null;
  @Field(() => Int, { description: 'All published reviews of the week: the board shows a selection of these' })
  publishedReviewCount!: number;
  @Field(() => String) disclaimer!: string;
  @Field(() => Int) withdrawnCount!: number;
  @Field(() => [BoardEntry]) entries!: BoardEntry[];
}

@ObjectType()
export class PublishBoardPayload {
  @Field(() => Boolean, { description: 'false when the same board was already published' }) created!: boolean;
  @Field(() => Board) board!: Board;
}

@ObjectType()
export class TestimonialStatusChange {
  @Field(() => ID) id!: string;
  @Field(() => TestimonialStatus) status!: string;
  @Field(() => Boolean) consentToPublish!: boolean;
  @Field(() => String) dealershipId!: string;
}

// ---- radar -----------------------------------------------------------------------------------------------------

@ObjectType()
export class HealthPart {
  @Field(() => HealthPartKey) key!: string;
  @Field(() => Float) points!: number;
  @Field(() => Float) maxPoints!: number;
  @Field(() => Float, { description: 'Interactions, service visits, circle buyers, referrals; 1 / 0.5 / 0 for the call' })
  value!: number;
}

@ObjectType({ description: 'Who can open the conversation' })
export class WayIn {
  @Field(() => WayInKind) kind!: string;
  @Field(() => String, { nullable: true }) userId!: string | null;
  @Field(() => ID, { nullable: true, description: 'null when the person may not be named to the viewer' }) personId!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) tieKind!: string | null;
  @Field(() => Float, { nullable: true }) strength!: number | null;
  @Field(() => Float) warmth!: number;
  @Field(() => String) reason!: string;
}

@ObjectType()
export class RadarEntry {
  @Field(() => ID) personId!: string;
  @Field(() => String, { nullable: true, description: 'null when the viewer may not see the name' }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => Boolean) contactConsent!: boolean;
  @Field(() => String) dealershipId!: string;
  @Field(() => ID) saleId!: string;
  @Field(() => String) saleDate!: string;
  @Field(() => Int) monthsSincePurchase!: number;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => Float, { description: '0..100' }) healthScore!: number;
  @Field(() => HealthBand) band!: string;
  @Field(() => [HealthPart]) parts!: HealthPart[];
  @Field(() => [String], { description: 'zh-CN, the largest contributions first' }) reasons!: string[];
  @Field(() => WayIn, { nullable: true }) warmestWayIn!: WayIn | null;
  @Field(() => [WayIn]) waysIn!: WayIn[];
}

@ObjectType()
export class RepurchaseRate {
  @Field(() => String) key!: string;
  @Field(() => Int) buyers!: number;
  @Field(() => Int) repurchased!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
}

@ObjectType()
export class RepurchaseCell extends RepurchaseRate {
  @Field(() => HealthBand) band!: string;
  @Field(() => String, { description: 'ON_TIME, LATE or NOT_CALLED' }) call!: string;
}

@ObjectType()
export class RepurchaseStats {
  @Field(() => String) definition!: string;
  @Field(() => String, { description: 'First purchases on or before this date form the cohort' }) cohortCutoff!: string;
  @Field(() => Int) buyers!: number;
  @Field(() => Int) repurchased!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Float, { description: "The article's claim (0.7), for comparison; not an input" }) articleClaimedRate!: number;
  @Field(() => [RepurchaseRate]) byBand!: RepurchaseRate[];
  @Field(() => [RepurchaseRate], { description: 'ON_TIME, LATE, NOT_CALLED' }) byFollowUpCall!: RepurchaseRate[];
  @Field(() => [RepurchaseCell]) cells!: RepurchaseCell[];
}
