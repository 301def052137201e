import { Args, Context, Field, Float, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser, GqlContext } from '../../common/request-context.js';
import { TemplateVersionObject, toTemplateVersionObject } from '../template/template.object.js';
import { UserObject, toUserObject } from '../user/user.object.js';
import type { ReviewDecision } from './review.entity.js';
import { ReviewService } from './review.service.js';

export enum ReviewDecisionEnum {
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecisionEnum, { name: 'ReviewDecision' });

@InputType()
export class ReviewScoreInput {
  @Field(() => ID) subjectId: string;
  @Field(() => Int) real: number;
  @Field(() => Int) like: number;
  @Field(() => Int) beautiful: number;
}

@InputType()
export class ReviewCommentInput {
  @Field() body: string;
  @Field(() => ID, { nullable: true }) previewJobId?: string | null;
  @Field(() => Float, { nullable: true }) x?: number | null;
  @Field(() => Float, { nullable: true }) y?: number | null;
}

@InputType()
export class ReviewVersionInput {
  @Field(() => ID) versionId: string;
  @Field(() => ReviewDecisionEnum) decision: ReviewDecision;
  @Field(() => [ReviewScoreInput], { nullable: true }) scores?: ReviewScoreInput[] | null;
  @Field(() => [ReviewCommentInput], { nullable: true }) comments?: ReviewCommentInput[] | null;
}

@ObjectType('ReviewScore')
export class ReviewScoreObject {
  @Field(() => ID) subjectId: string;
  @Field(() => Int) real: number;
  @Field(() => Int) like: number;
  @Field(() => Int) beautiful: number;
}

@ObjectType('ReviewComment')
export class ReviewCommentObject {
  @Field() body: string;
  @Field(() => ID, { nullable: true }) previewJobId: string | null;
  @Field(() => Float, { nullable: true }) x: number | null;
  @Field(() => Float, { nullable: true }) y: number | null;
}

@ObjectType('Review')
export class ReviewObject {
  @Field(() => ID) id: string;
  @Field(() => ReviewDecisionEnum) decision: ReviewDecision;
  @Field(() => ID) reviewerId: string;
  @Field(() => [ReviewScoreObject]) scores: ReviewScoreObject[];
  @Field(() => [ReviewCommentObject]) comments: ReviewCommentObject[];
  @Field() createdAt: Date;
}

@ObjectType('ReviewPolicy', { description: 'The rules reviewVersion enforces, for clients to show before the reviewer decides.' })
export class ReviewPolicyObject {
  @Field(() => Int, { description: 'Approving needs every score (real, like, beautiful) of every subject at this bar or above (REVIEW_SCORE_BAR).' })
  scoreBar: number;
  @Field(() => Int, { description: 'The lowest score allowed.' }) scoreMin: number;
  @Field(() => Int, { description: 'The highest score allowed.' }) scoreMax: number;
  @Field(() => Int, { description: 'The longest comment body allowed, in characters.' }) commentMaxLength: number;
}

@Resolver(() => ReviewObject)
export class ReviewFieldsResolver {
  @ResolveField(() => UserObject, { description: 'Who made the decision.' })
  async reviewer(@Parent() r: ReviewObject, @Context() ctx: GqlContext): Promise<UserObject> {
    return toUserObject((await ctx.loaders.userById.load(r.reviewerId))!);
  }
}

@Resolver(() => TemplateVersionObject)
export class ReviewResolver {
  constructor(private readonly reviewService: ReviewService) {}

  @Query(() => ReviewPolicyObject, { description: 'The review rules (score bar, score range, comment length) in force on this server.' })
  @SignedIn()
  reviewPolicy(): ReviewPolicyObject {
    return this.reviewService.reviewPolicy();
  }

  @Mutation(() => TemplateVersionObject)
  @Roles('REVIEWER')
  async reviewVersion(@CurrentUser() user: AuthUser, @Args('input') input: ReviewVersionInput): Promise<TemplateVersionObject> {
    const version = await this.reviewService.reviewVersion(user, { ...input, scores: input.scores ?? [], comments: input.comments ?? [] });
    return toTemplateVersionObject(version);
  }

  @ResolveField(() => [ReviewObject], { description: 'Reviews of this version, oldest first.' })
  async reviews(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<ReviewObject[]> {
    const rows = await ctx.loaders.reviewsByVersionId.load(v.id);
    const scores = await ctx.loaders.scoresByReviewId.loadMany(rows.map((r) => r.id));
    return rows.map((r, i) => ({ id: r.id, decision: r.decision, reviewerId: r.reviewerId, comments: r.comments, createdAt: r.createdAt, scores: scores[i] instanceof Error ? [] : (scores[i] as ReviewScoreObject[]) }));
  }
}
