import { Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../graphql/context.js';

@ObjectType({ description: 'Size of the relationship graph' })
export class GraphStats {
  @Field(() => Int, { description: 'Person nodes' })
  people!: number;

  @Field(() => Int, { description: 'Ties between two people, each counted once' })
  ties!: number;
}

@Resolver()
export class GraphStatsResolver {
  @Authorized()
  @Query(() => GraphStats)
  graphStats(@Ctx() ctx: AppContext): Promise<GraphStats> {
    return ctx.services.graphStats.counts();
  }
}
