import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../graphql/context.js';

@ObjectType({ description: 'A signed-in member of staff' })
export class Account {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { description: 'salesperson, manager, marketing, analyst or admin' }) role!: string;
  @Field(() => String, { nullable: true }) dealershipId!: string | null;
  @Field(() => Boolean) disabled!: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { description: 'Bearer token (HS256 JWT) for the Authorization header' }) token!: string;
  @Field(() => String) expiresAt!: string;
  @Field(() => Account) user!: Account;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) username!: string;
  @Field(() => String) password!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { description: 'salesperson, manager, marketing, analyst or admin' }) role!: string;
  @Field(() => ID, { nullable: true }) dealershipId?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => ID, { nullable: true }) dealershipId?: string | null;
  @Field(() => Boolean, { nullable: true }) disabled?: boolean | null;
  @Field(() => String, { nullable: true }) password?: string | null;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'The only operation open without a token' })
  login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: AppContext,
  ): Promise<AuthPayload> {
    return ctx.services.auth.login(username, password);
  }

  @Authorized()
  @Query(() => Account)
  me(@Ctx() ctx: AppContext): Promise<Account> {
    return ctx.services.auth.me();
  }

  @Authorized('admin')
  @Mutation(() => Account)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: AppContext): Promise<Account> {
    return ctx.services.auth.createUser(input);
  }

  @Authorized('admin')
  @Mutation(() => Account)
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: AppContext,
  ): Promise<Account> {
    return ctx.services.auth.updateUser(id, input);
  }
}
