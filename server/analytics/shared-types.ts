import { registerEnumType } from 'type-graphql';

/** Kinds of tie between two people; the values are the Neo4j relationship types. */
export enum TieKind {
  FAMILY = 'FAMILY',
  FRIEND = 'FRIEND',
  COLLEAGUE = 'COLLEAGUE',
  BUSINESS_PARTNER = 'BUSINESS_PARTNER',
  ADVISES = 'ADVISES',
  DRIVES_FOR = 'DRIVES_FOR',
}
registerEnumType(TieKind, {
  name: 'TieKind',
  description: 'FAMILY, FRIEND, COLLEAGUE and BUSINESS_PARTNER are symmetric; ADVISES and DRIVES_FOR read from -> to',
});

/** How a tie became known. */
export enum TieSource {
  VISIT = 'VISIT',
  REFERRAL = 'REFERRAL',
  CALL = 'CALL',
  IMPORT = 'IMPORT',
  MANUAL = 'MANUAL',
}
registerEnumType(TieSource, { name: 'TieSource' });

export enum PersonKind {
  BUYER = 'BUYER',
  PROSPECT = 'PROSPECT',
  CONTACT = 'CONTACT',
}
// same name and values as the SDL enum, so the merged schema has one PersonKind
registerEnumType(PersonKind, { name: 'PersonKind' });

export enum CompanionRole {
  SPOUSE = 'SPOUSE',
  PARENT = 'PARENT',
  CHILD = 'CHILD',
  FRIEND = 'FRIEND',
  COLLEAGUE = 'COLLEAGUE',
  PARTNER = 'PARTNER',
  ADVISER = 'ADVISER',
  DRIVER = 'DRIVER',
  OTHER = 'OTHER',
}
registerEnumType(CompanionRole, { name: 'CompanionRole' });
