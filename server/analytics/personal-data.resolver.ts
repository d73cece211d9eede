import { Arg, Authorized, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { AppContext } from '../graphql/context.js';
import { ConsentChange } from './people.resolver.js';
import { CompanionRole, PersonKind, TieKind } from './shared-types.js';

// A copy of one person's data for them (PIPL art. 45). Other customers appear only by name when they agreed to be
// named to other customers (otherName null otherwise), as everywhere else in Quanzi.

@ObjectType()
export class PersonalRecord {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) employer!: string | null;
  @Field(() => String, { nullable: true, description: "The store's notes about them" }) notes!: string | null;
  @Field(() => PersonKind) kind!: string;
  @Field(() => Boolean) shareConsent!: boolean;
  @Field(() => Boolean) contactConsent!: boolean;
  @Field(() => String) dealershipId!: string;
  @Field(() => String, { nullable: true }) dealershipName!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String, { nullable: true }) updatedAt!: string | null;
}

@ObjectType()
export class PersonalTie {
  @Field(() => TieKind) kind!: string;
  @Field(() => Boolean, { description: 'For ADVISES and DRIVES_FOR: true when this person advises or drives for the other' })
  outgoing!: boolean;
  @Field(() => Float) strength!: number;
  @Field(() => String, { nullable: true }) since!: string | null;
  @Field(() => String, { nullable: true, description: 'Null when the other person did not agree to be named' }) otherName!: string | null;
}

@ObjectType()
export class PersonalReferral {
  @Field(() => Boolean, { description: 'True when this person referred the other' }) asReferrer!: boolean;
  @Field(() => String) date!: string;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true }) otherName!: string | null;
  @Field(() => Boolean) ledToSale!: boolean;
}

@ObjectType()
export class PersonalVisit {
  @Field(() => String) date!: string;
  @Field(() => String, { description: 'SHOWROOM or TEST_DRIVE' }) kind!: string;
  @Field(() => CompanionRole, { nullable: true, description: 'Null when they came as the visitor, else their role as a companion' })
  role!: string | null;
}

@ObjectType()
export class PersonalService {
  @Field(() => String) date!: string;
  @Field(() => String) kind!: string;
  @Field(() => Int, { nullable: true }) mileage!: number | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType()
export class PersonalPurchase {
  @Field(() => String) date!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => Float) price!: number;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field(() => String, { nullable: true, description: "The salesperson's display name" }) salesperson!: string | null;
  @Field(() => [PersonalService]) service!: PersonalService[];
}

@ObjectType()
export class PersonalTestimonial {
  @Field(() => String) date!: string;
  @Field(() => String) text!: string;
  @Field(() => Int) rating!: number;
  @Field(() => String) status!: string;
  @Field(() => Boolean) consentToPublish!: boolean;
  @Field(() => Boolean) consentToBeCalled!: boolean;
}

@ObjectType()
export class PersonalFollowUp {
  @Field(() => String) dueDate!: string;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => String, { nullable: true }) doneAt!: string | null;
}

@ObjectType()
export class PersonalInteraction {
  @Field(() => String) date!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType()
export class PersonalEmployer {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
}

@ObjectType({ description: 'Everything the store holds about one person, as a copy for them (PIPL art. 45)' })
export class PersonalDataCopy {
  @Field(() => String, { description: 'ISO date-time' }) generatedAt!: string;
  @Field(() => String, { description: 'Username of who made the copy' }) generatedBy!: string;
  @Field(() => PersonalRecord) person!: PersonalRecord;
  @Field(() => [PersonalTie]) ties!: PersonalTie[];
  @Field(() => [PersonalReferral]) referrals!: PersonalReferral[];
  @Field(() => [PersonalVisit]) visits!: PersonalVisit[];
  @Field(() => [PersonalPurchase]) purchases!: PersonalPurchase[];
  @Field(() => [PersonalTestimonial]) testimonials!: PersonalTestimonial[];
  @Field(() => [PersonalFollowUp], { description: 'Thank-you calls about their purchases' }) followUps!: PersonalFollowUp[];
  @Field(() => [PersonalInteraction]) interactions!: PersonalInteraction[];
  @Field(() => [PersonalEmployer]) employers!: PersonalEmployer[];
  @Field(() => [ConsentChange]) consentHistory!: ConsentChange[];
  @Field(() => [String], { description: 'Lists cut at 2,000 entries (newest kept)' }) truncated!: string[];
}

@Resolver()
export class PersonalDataResolver {
  @Authorized('manager', 'admin')
  @Mutation(() => PersonalDataCopy, {
    description: "A copy of a person's data for them (PIPL art. 45), by their store's manager or an admin; audited",
  })
  exportPersonalData(@Arg('personId', () => ID) personId: string, @Ctx() ctx: AppContext): Promise<PersonalDataCopy> {
    return ctx.services.people.exportPersonalData(personId);
  }
}
