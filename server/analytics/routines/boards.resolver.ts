import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../graphql/context.js';
import { Board, BoardCandidates, PublishBoardPayload, TestimonialStatus, TestimonialStatusChange } from './types.js';

@Resolver()
export class BoardRoutinesResolver {
  @Authorized()
  @Query(() => BoardCandidates, { description: "The week's testimonials that may go on the board, best first" })
  boardCandidates(
    @Arg('week', () => String, { nullable: true, description: 'ISO week, e.g. 2026-W48; this week by default' }) week: string | null,
    @Arg('first', () => Int, { defaultValue: 30 }) first: number,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<BoardCandidates> {
    return ctx.services.routines.boards.boardCandidates({ week, first, dealershipId });
  }

  @Authorized('manager', 'marketing', 'admin')
  @Mutation(() => PublishBoardPayload, { description: "Publishes and keeps the week's board: 7 or 8 testimonials" })
  publishBoard(
    @Arg('week', () => String) week: string,
    @Arg('testimonialIds', () => [ID]) testimonialIds: string[],
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<PublishBoardPayload> {
    return ctx.services.routines.boards.publishBoard({ week, testimonialIds, dealershipId });
  }

  @Authorized()
  @Query(() => [Board], { description: 'Past boards, newest first: the record shown to prospects' })
  boards(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<Board[]> {
    return ctx.services.routines.boards.boards({ first, dealershipId });
  }

  @Authorized()
  @Query(() => Board, { nullable: true })
  board(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Board | null> {
    return ctx.services.routines.boards.board(id);
  }

  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => TestimonialStatusChange, {
    description: 'PUBLISHED (managers, admins; needs consent to publish) or WITHDRAWN (for good)',
  })
  setTestimonialStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => TestimonialStatus) status: TestimonialStatus,
    @Ctx() ctx: AppContext,
  ): Promise<TestimonialStatusChange> {
    return ctx.services.routines.boards.setTestimonialStatus({ id, status });
  }
}

@Resolver(() => Board)
export class BoardFieldsResolver {
  @FieldResolver(() => String, {
    description: 'Opens the printable A3 poster in a browser tab: a link with a ticket for this board only, never the sign-in token',
  })
  printUrl(@Root() board: Board, @Ctx() ctx: AppContext): Promise<string> {
    return ctx.services.auth.boardPrintUrl(board.id);
  }
}
