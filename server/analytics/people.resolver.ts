import { Arg, Authorized, Ctx, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../graphql/context.js';
import { CompanionRole, PersonKind, TieKind, TieSource } from './shared-types.js';

@ObjectType({ description: 'A person as a write returns it (the generated `people` query reads them in full)' })
export class PersonRecord {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) employer!: string | null;
  @Field(() => PersonKind) kind!: string;
  @Field(() => Boolean) shareConsent!: boolean;
  @Field(() => Boolean) contactConsent!: boolean;
  @Field(() => String) dealershipId!: string;
  @Field(() => String) createdAt!: string;
}

@ObjectType({ description: 'A tie between two people' })
export class TieRecord {
  @Field(() => ID) fromId!: string;
  @Field(() => ID) toId!: string;
  @Field(() => TieKind) kind!: string;
  @Field(() => Float) strength!: number;
  @Field(() => TieSource) source!: string;
  @Field(() => String, { nullable: true }) since!: string | null;
  @Field(() => Boolean) confirmed!: boolean;
  @Field(() => Boolean, { description: 'False when the tie already existed' }) created!: boolean;
}

@ObjectType({ description: 'Who brought whom to the store, when, and the sale it led to' })
export class ReferralRecord {
  @Field(() => ID) referrerId!: string;
  @Field(() => ID) refereeId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => ID, { nullable: true, description: 'The sale this referral led to, once the referee bought' }) saleId!: string | null;
  @Field(() => Boolean, { description: 'False when this referral was already recorded' }) created!: boolean;
}

@ObjectType({ description: "A change of a person's consents: who, when, and what they were set to" })
export class ConsentChange {
  @Field(() => String, { description: 'ISO date-time' }) at!: string;
  @Field(() => String, { nullable: true, description: 'The username of who recorded it' }) by!: string | null;
  @Field(() => String, { description: 'createPerson, setConsent or updatePerson+consent' }) operation!: string;
  @Field(() => Boolean, { nullable: true }) shareConsent!: boolean | null;
  @Field(() => Boolean, { nullable: true }) contactConsent!: boolean | null;
}

@ObjectType()
export class PersonHit {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Masked for marketing and analysts' }) phone!: string | null;
  @Field(() => PersonKind) kind!: string;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String) dealershipId!: string;
  @Field(() => Float) score!: number;
}

@InputType()
export class PersonInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'China mobile; stored as +86…' }) phone?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) employer?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => PersonKind, { nullable: true, defaultValue: PersonKind.PROSPECT }) kind?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) shareConsent?: boolean | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) contactConsent?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Admins only: the dealership the person belongs to' })
  dealershipId?: string | null;
}

@InputType()
export class PersonUpdateFields {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) employer?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => PersonKind, { nullable: true }) kind?: string | null;
  @Field(() => Boolean, { nullable: true }) shareConsent?: boolean | null;
  @Field(() => Boolean, { nullable: true }) contactConsent?: boolean | null;
}

@InputType()
export class TieInput {
  @Field(() => ID) fromId!: string;
  @Field(() => ID) toId!: string;
  @Field(() => TieKind) kind!: string;
  @Field(() => Float, { nullable: true, description: '0..1, default 0.5' }) strength?: number | null;
  @Field(() => TieSource, { nullable: true, defaultValue: TieSource.MANUAL }) source?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) since?: string | null;
  @Field(() => Boolean, { nullable: true }) confirmed?: boolean | null;
}

@InputType()
export class CompanionInput {
  @Field(() => ID, { nullable: true, description: 'An existing person…' }) personId?: string | null;
  @Field(() => PersonInput, { nullable: true, description: '…or a new one, recorded as a contact' }) newPerson?: PersonInput | null;
  @Field(() => CompanionRole) role!: string;
}

@InputType()
export class VisitInput {
  @Field(() => ID) prospectId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => String, { nullable: true, defaultValue: 'SHOWROOM', description: 'SHOWROOM or TEST_DRIVE' }) kind?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => [CompanionInput], { nullable: true }) companions?: CompanionInput[] | null;
}

@ObjectType()
export class VisitCompanion {
  @Field(() => ID) personId!: string;
  @Field(() => CompanionRole) role!: string;
  @Field(() => Boolean, { description: 'True when this visit recorded the person' }) created!: boolean;
}

@ObjectType()
export class VisitResult {
  @Field(() => ID) id!: string;
  @Field(() => String) date!: string;
  @Field(() => String) kind!: string;
  @Field(() => ID) prospectId!: string;
  @Field(() => [VisitCompanion]) companions!: VisitCompanion[];
  @Field(() => [TieRecord], { description: 'Unconfirmed ties the companions’ roles suggest; confirm with updateTie' })
  proposedTies!: TieRecord[];
}

@ObjectType()
export class MovedRelationships {
  @Field(() => String) type!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class MergeReport {
  @Field(() => ID) keptId!: string;
  @Field(() => ID) droppedId!: string;
  @Field(() => [MovedRelationships]) moved!: MovedRelationships[];
  @Field(() => Int, { description: 'Ties both records had with the same person, combined into one' }) tiesCombined!: number;
  @Field(() => Int, { description: 'Ties between the two records, dropped' }) selfTiesDropped!: number;
  @Field(() => [String], { description: 'Empty fields of the kept record filled from the duplicate' }) fieldsFilled!: string[];
  @Field(() => [String], { description: 'Consents that differed; the stricter (false) was kept' }) consentNarrowed!: string[];
}

@ObjectType()
export class EraseReport {
  @Field(() => ID) id!: string;
  @Field(() => Int) tiesRemoved!: number;
  @Field(() => Int) linksRemoved!: number;
  @Field(() => Int, { description: 'Purchases kept as anonymous figures' }) salesKept!: number;
  @Field(() => Int) testimonialsWithdrawn!: number;
}

@Resolver()
export class PeopleResolver {
  @Authorized()
  @Query(() => [PersonHit], { description: 'People by name (full-text, CJK) or phone digits; only people you may see by name' })
  searchPeople(
    @Arg('query', () => String) query: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: AppContext,
  ): Promise<PersonHit[]> {
    return ctx.services.people.searchPeople(query, first) as Promise<PersonHit[]>;
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Query(() => [ConsentChange], { description: "When and by whom a person's consents were given or changed, newest first (at most 50)" })
  consentHistory(@Arg('personId', () => ID) personId: string, @Ctx() ctx: AppContext): Promise<ConsentChange[]> {
    return ctx.services.people.consentHistory(personId);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => PersonRecord)
  createPerson(
    @Arg('input', () => PersonInput) input: PersonInput,
    @Arg('referredBy', () => ID, {
      nullable: true,
      description: 'Who brought them (a person you may write, as for recordReferral): recorded as a referral dated today, in the same transaction',
    })
    referredBy: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<PersonRecord> {
    return ctx.services.people.createPerson(input, referredBy) as Promise<PersonRecord>;
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => PersonRecord)
  updatePerson(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => PersonUpdateFields) input: PersonUpdateFields,
    @Ctx() ctx: AppContext,
  ): Promise<PersonRecord> {
    return ctx.services.people.updatePerson(id, input) as Promise<PersonRecord>;
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => PersonRecord)
  setConsent(
    @Arg('id', () => ID) id: string,
    @Arg('shareConsent', () => Boolean) shareConsent: boolean,
    @Arg('contactConsent', () => Boolean) contactConsent: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<PersonRecord> {
    return ctx.services.people.setConsent(id, shareConsent, contactConsent) as Promise<PersonRecord>;
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => TieRecord)
  addTie(@Arg('input', () => TieInput) input: TieInput, @Ctx() ctx: AppContext): Promise<TieRecord> {
    return ctx.services.people.addTie(input);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => TieRecord)
  updateTie(@Arg('input', () => TieInput) input: TieInput, @Ctx() ctx: AppContext): Promise<TieRecord> {
    return ctx.services.people.updateTie(input);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => Boolean)
  removeTie(
    @Arg('fromId', () => ID) fromId: string,
    @Arg('toId', () => ID) toId: string,
    @Arg('kind', () => TieKind) kind: string,
    @Ctx() ctx: AppContext,
  ): Promise<boolean> {
    return ctx.services.people.removeTie(fromId, toId, kind);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => ReferralRecord, {
    description:
      'Records that referrerId brought refereeId (both of your store); retry-safe. It takes the referee\'s earliest purchase on or after its date that no referral names yet',
  })
  recordReferral(
    @Arg('referrerId', () => ID) referrerId: string,
    @Arg('refereeId', () => ID) refereeId: string,
    @Arg('date', () => String, { nullable: true, description: 'YYYY-MM-DD, not in the future; today when omitted' }) date: string | null,
    @Arg('channel', () => String, { nullable: true, description: 'How, e.g. 微信, 当面, 电话 (at most 50 characters)' }) channel: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<ReferralRecord> {
    return ctx.services.people.recordReferral({ referrerId, refereeId, date, channel });
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => VisitResult)
  recordVisit(@Arg('input', () => VisitInput) input: VisitInput, @Ctx() ctx: AppContext): Promise<VisitResult> {
    return ctx.services.people.recordVisit(input);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => ID, { description: 'Logs a call, message, visit or service contact; returns its id' })
  recordInteraction(
    @Arg('personId', () => ID) personId: string,
    @Arg('date', () => String) date: string,
    @Arg('kind', () => String, { description: 'CALL, MESSAGE, VISIT or SERVICE' }) kind: string,
    @Arg('notes', () => String, { nullable: true }) notes: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<string> {
    return ctx.services.people.recordInteraction(personId, date, kind, notes);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => MergeReport, { description: 'Merges a duplicate record into the one kept, moving all its history' })
  mergePeople(
    @Arg('keepId', () => ID) keepId: string,
    @Arg('dropId', () => ID) dropId: string,
    @Ctx() ctx: AppContext,
  ): Promise<MergeReport> {
    return ctx.services.people.mergePeople(keepId, dropId);
  }

  @Authorized('manager', 'admin')
  @Mutation(() => EraseReport, { description: 'Erasure on request (PIPL art. 47): personal data and ties removed, sales kept anonymous' })
  erasePerson(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<EraseReport> {
    return ctx.services.people.erasePerson(id);
  }
}
