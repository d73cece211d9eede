import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../graphql/context.js';
import { CallOutcome, CompleteFollowUpPayload, FollowUpItem, FollowUpStats, FollowUpStatus, HelpKind, HelpTask } from './types.js';

@Resolver()
export class FollowUpRoutinesResolver {
  @Authorized()
  @Query(() => [FollowUpItem], { description: "The viewer's thank-you calls, overdue first, then by due date" })
  myFollowUps(
    @Arg('status', () => FollowUpStatus, { nullable: true, description: 'Any status when omitted' }) status: FollowUpStatus | null,
    @Arg('dueBefore', () => String, { nullable: true, description: 'YYYY-MM-DD, exclusive' }) dueBefore: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('assigneeId', () => ID, { nullable: true, description: "Managers and admins: a colleague's calls" })
    assigneeId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<FollowUpItem[]> {
    return ctx.services.routines.followUps.myFollowUps({ status, dueBefore, first, assigneeId });
  }

  @Authorized()
  @Query(() => FollowUpItem, { nullable: true })
  followUpCall(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<FollowUpItem | null> {
    return ctx.services.routines.followUps.followUp(id);
  }

  @Authorized()
  @Mutation(() => CompleteFollowUpPayload, {
    description:
      'Records the thank-you call: thanks, help asked for (each a Task), feedback (a DRAFT testimonial only with publishConsent)',
  })
  completeFollowUp(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => CallOutcome) outcome: CallOutcome,
    @Arg('feedback', () => String, { nullable: true }) feedback: string | null,
    @Arg('rating', () => Int, { nullable: true, description: '1..5' }) rating: number | null,
    @Arg('publishConsent', () => Boolean, { nullable: true, description: 'The customer agrees to publish the feedback' })
    publishConsent: boolean | null,
    @Arg('callConsent', () => Boolean, { nullable: true, description: 'The customer agrees to be called by prospects' })
    callConsent: boolean | null,
    @Arg('needsHelp', () => [HelpKind], { nullable: true }) needsHelp: HelpKind[] | null,
    @Arg('thanksGiven', () => Boolean, { nullable: true, description: 'Defaults to true for a REACHED call' })
    thanksGiven: boolean | null,
    @Arg('helpNotes', () => String, { nullable: true }) helpNotes: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<CompleteFollowUpPayload> {
    return ctx.services.routines.followUps.completeFollowUp({
      id,
      outcome,
      feedback,
      rating,
      publishConsent,
      callConsent,
      needsHelp,
      thanksGiven,
      helpNotes,
    });
  }

  @Authorized()
  @Mutation(() => HelpTask, { description: 'Closes a help task from a thank-you call' })
  completeTask(
    @Arg('id', () => ID) id: string,
    @Arg('notes', () => String, { nullable: true }) notes: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<HelpTask> {
    return ctx.services.routines.followUps.completeTask({ id, notes });
  }

  @Authorized()
  @Query(() => FollowUpStats, { description: 'Completion rate and time-to-call per salesperson and dealership' })
  followUpStats(
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD of the due date; 90 days before `to` by default' })
    from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'YYYY-MM-DD, inclusive; today by default' }) to: string | null,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<FollowUpStats> {
    return ctx.services.routines.followUps.followUpStats({ from, to, dealershipId });
  }
}
