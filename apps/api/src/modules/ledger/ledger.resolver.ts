import { Args, Context, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, ResolveField, Parent, Resolver, registerEnumType } from '@nestjs/graphql';
import { badInputIssues, inputIssue } from '../../common/app-error.js';
import { ApiKeyAccess, Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentApiKey, CurrentUser } from '../../common/current-user.decorator.js';
import type { ApiKeyPrincipal, AuthUser, GqlContext } from '../../common/request-context.js';
import { RevenueAgreementService, type AgreementRecord } from './revenue-agreement.service.js';
import { StatementService, type EarningsRowView, type RecentUsageView, type RevenueOverviewView, type StatementLineView, type StatementView } from './statement.service.js';
import { MetricsService } from '../ops/metrics.service.js';
import { UsageService, type RefundOutcome, type UsageItemResult, type UsageRejection, type UsageStatus } from './usage.service.js';

// Money is in integer minor units (fen for CNY) everywhere; totals are Float because GraphQL's Int
// stops at 2^31 (they are always whole numbers).

export enum UsageStatusEnum {
  ACCEPTED = 'ACCEPTED',
  DUPLICATE = 'DUPLICATE',
  CONFLICT = 'CONFLICT',
  REJECTED = 'REJECTED',
}
registerEnumType(UsageStatusEnum, { name: 'UsageStatus', description: 'ACCEPTED: recorded now. DUPLICATE: the same event was recorded before (counted once). CONFLICT: the id was recorded before with other content (the first stands). REJECTED: not valid (see message).' });

export enum UsageRejectionEnum {
  INVALID_EVENT = 'INVALID_EVENT',
  UNKNOWN_VERSION = 'UNKNOWN_VERSION',
  VERSION_NOT_PUBLISHED = 'VERSION_NOT_PUBLISHED',
  OCCURRED_IN_FUTURE = 'OCCURRED_IN_FUTURE',
  BEFORE_PUBLICATION = 'BEFORE_PUBLICATION',
  MONTH_ALREADY_PAID = 'MONTH_ALREADY_PAID',
  CURRENCY_NOT_ACCEPTED = 'CURRENCY_NOT_ACCEPTED',
}
registerEnumType(UsageRejectionEnum, {
  name: 'UsageRejection',
  description:
    'Why a usage event was REJECTED. INVALID_EVENT: a field is malformed (see message). UNKNOWN_VERSION / VERSION_NOT_PUBLISHED: the version cannot be used. OCCURRED_IN_FUTURE / BEFORE_PUBLICATION: occurredAt is after now or before the version was published. MONTH_ALREADY_PAID: the designers were already paid for that month. CURRENCY_NOT_ACCEPTED: not one of the platform\'s currencies.',
});

@InputType()
export class UsageEventInput {
  @Field({ description: "The app's own id for this paid use; the same id is counted once per app." }) eventId: string;
  @Field(() => ID, { description: 'The published (or superseded) template version that was used.' }) templateVersionId: string;
  @Field({ description: 'When the paid use happened: ISO 8601 with a time zone.' }) occurredAt: string;
  @Field(() => Int, { description: 'What the end user paid, in minor units (fen for CNY).' }) grossAmount: number;
  @Field({ description: 'ISO 4217, e.g. CNY.' }) currency: string;
  @Field(() => String, { nullable: true, description: 'An opaque order reference, at most. Never personal data of the end user.' }) orderRef?: string | null;
}

@ObjectType('UsageResult')
export class UsageResultObject {
  @Field() eventId: string;
  @Field(() => UsageStatusEnum) status: UsageStatus;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => UsageRejectionEnum, { nullable: true, description: 'Why it was rejected; null unless status is REJECTED.' }) code?: UsageRejection | null;
}

@ObjectType('UsageBatchResult')
export class UsageBatchResultObject {
  @Field(() => [UsageResultObject], { description: 'One result per event, in input order.' }) results: UsageItemResult[];
  @Field(() => Int) accepted: number;
  @Field(() => Int) duplicates: number;
  @Field(() => Int) conflicts: number;
  @Field(() => Int) rejected: number;
}

@InputType()
export class RefundInput {
  @Field() eventId: string;
  @Field({ description: "The app's own id for this refund; the same id is counted once." }) refundId: string;
  @Field(() => Int, { description: 'Minor units to refund; at most what remains refundable.' }) amount: number;
}

@ObjectType('RefundResult')
export class RefundResultObject {
  @Field() refundId: string;
  @Field() eventId: string;
  @Field(() => UsageStatusEnum) status: RefundOutcome['status'];
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => Float) amountMinor: number;
  @Field(() => Float, { description: "The event's refunded total after this refund." }) refundedMinor: number;
  @Field(() => Float) remainingMinor: number;
  @Field() currency: string;
}

@InputType()
export class CoAuthorShareInput {
  @Field(() => ID) designerId: string;
  @Field(() => Int, { description: "This co-author's part of the designers' share, in basis points; all parts add up to 10000." }) shareBps: number;
}

@InputType()
export class RevenueAgreementInput {
  @Field(() => ID) templateId: string;
  @Field(() => Int, { description: 'The designers’ share of gross, in basis points (3000 = 30 %).' }) designerShareBps: number;
  @Field(() => [CoAuthorShareInput]) coAuthors: CoAuthorShareInput[];
  @Field({ description: 'From when the agreement applies (usage recorded before keeps its terms); now or later.' }) effectiveFrom: Date;
}

@ObjectType('CoAuthorShare')
export class CoAuthorShareObject {
  @Field(() => ID) designerId: string;
  @Field(() => Int) shareBps: number;
}

@ObjectType('RevenueAgreement')
export class RevenueAgreementObject {
  @Field(() => ID) id: string;
  @Field(() => ID) templateId: string;
  @Field(() => Int) designerShareBps: number;
  @Field(() => [CoAuthorShareObject]) coAuthors: CoAuthorShareObject[];
  @Field(() => Date, { nullable: true, description: 'null: the default terms, in force since the template was created.' }) effectiveFrom: Date | null;
  @Field() createdAt: Date;
}

function toAgreementObject(a: AgreementRecord): RevenueAgreementObject {
  return { id: a.id, templateId: a.templateId, designerShareBps: a.terms.designerShareBps, coAuthors: a.terms.coAuthors.map((c) => ({ designerId: c.designerId, shareBps: c.shareBps })), effectiveFrom: a.effectiveFrom, createdAt: a.createdAt };
}

@ObjectType('StatementLine')
export class StatementLineObject implements StatementLineView {
  @Field(() => ID) templateId: string;
  @Field() templateTitle: string;
  @Field(() => ID) versionId: string;
  @Field(() => Int) versionNumber: number;
  @Field(() => Int) uses: number;
  @Field(() => Float) grossMinor: number;
  @Field(() => Float, { description: "This designer's share of the gross." }) shareMinor: number;
  @Field(() => Float, { description: 'Share given back for refunds.' }) refundsMinor: number;
  @Field(() => Float) netMinor: number;
}

@ObjectType('Statement')
export class StatementObject {
  @Field(() => ID) id: string;
  @Field(() => ID) designerId: string;
  @Field({ description: 'YYYY-MM, a calendar month in China time.' }) month: string;
  @Field() currency: string;
  @Field(() => [StatementLineObject]) lines: StatementLineView[];
  @Field(() => Float) grossMinor: number;
  @Field(() => Float) shareMinor: number;
  @Field(() => Float) refundsMinor: number;
  @Field(() => Float) netMinor: number;
  @Field(() => Float) openingMinor: number;
  @Field(() => Float) payoutsMinor: number;
  @Field(() => Float) closingMinor: number;
  @Field(() => Date, { nullable: true }) paidAt: Date | null;
  @Field(() => String, { nullable: true }) payoutReference: string | null;
  @Field(() => Float, { nullable: true }) payoutMinor: number | null;
  @Field(() => Float, { description: 'What marking this statement paid would pay out now: 0 once paid, while the month runs, or when later payouts already covered it.' }) outstandingMinor: number;
  view: StatementView;
}

@ObjectType('EarningsRow')
export class EarningsRowObject implements EarningsRowView {
  @Field() month: string;
  @Field(() => ID) templateId: string;
  @Field() templateTitle: string;
  @Field() currency: string;
  @Field(() => Int) uses: number;
  @Field(() => Float) grossMinor: number;
  @Field(() => Float) shareMinor: number;
  @Field(() => Float) refundsMinor: number;
  @Field(() => Float) netMinor: number;
}

export enum LedgerLineKindEnum {
  USAGE = 'USAGE',
  REFUND = 'REFUND',
}
registerEnumType(LedgerLineKindEnum, { name: 'LedgerLineKind' });

@ObjectType('UsageLine')
export class UsageLineObject implements RecentUsageView {
  @Field(() => LedgerLineKindEnum) kind: 'USAGE' | 'REFUND';
  @Field() occurredAt: Date;
  @Field(() => ID) templateId: string;
  @Field() templateTitle: string;
  @Field(() => Int) versionNumber: number;
  @Field(() => String, { nullable: true, description: 'The consumer app that reported it.' }) appName: string | null;
  @Field() currency: string;
  @Field(() => Float, { description: "The event's gross, or the refunded amount." }) basisMinor: number;
  @Field(() => Float, { description: "This designer's part: positive for a use, negative for a refund." }) shareMinor: number;
}

@ObjectType('AppRevenue')
export class AppRevenueObject {
  @Field(() => ID) appId: string;
  @Field() appName: string;
  @Field(() => Int) uses: number;
  @Field(() => Float) grossMinor: number;
  @Field(() => Float) refundedMinor: number;
  @Field(() => Float, { description: 'What the app owes the platform (gross less refunds, less what it paid).' }) receivableMinor: number;
}

@ObjectType('DesignerRevenue')
export class DesignerRevenueObject {
  @Field(() => ID) designerId: string;
  @Field() displayName: string;
  @Field(() => Float) earnedMinor: number;
  @Field(() => Float) paidMinor: number;
  @Field(() => Float) unpaidMinor: number;
}

@ObjectType('RevenueOverview')
export class RevenueOverviewObject implements RevenueOverviewView {
  @Field() currency: string;
  @Field(() => Float) platformRevenueMinor: number;
  @Field(() => Float) paidOutMinor: number;
  @Field(() => [AppRevenueObject]) apps: AppRevenueObject[];
  @Field(() => [DesignerRevenueObject]) designers: DesignerRevenueObject[];
}

function toStatementObject(view: StatementView): StatementObject {
  return { ...view, view };
}

// Co-authors by name: the people on an agreement see who shares it with them (display names only,
// never e-mails), one batched lookup for a whole list.
@Resolver(() => CoAuthorShareObject)
export class CoAuthorShareResolver {
  @ResolveField(() => String, { nullable: true, description: "The co-author's display name (null if the account is gone)." })
  async displayName(@Parent() share: CoAuthorShareObject, @Context() ctx: GqlContext): Promise<string | null> {
    return (await ctx.loaders.userById.load(share.designerId))?.displayName ?? null;
  }
}

const USAGE_STATUSES: readonly UsageStatus[] = ['ACCEPTED', 'DUPLICATE', 'CONFLICT', 'REJECTED'];

@Resolver(() => StatementObject)
export class LedgerResolver {
  constructor(
    private readonly usage: UsageService,
    private readonly agreements: RevenueAgreementService,
    private readonly statements: StatementService,
    private readonly metrics: MetricsService,
  ) {}

  @Mutation(() => UsageBatchResultObject, { description: 'Up to 1,000 paid uses from a consumer app (API key with usage:write); per-event results in input order.' })
  @ApiKeyAccess('usage:write')
  async recordUsage(@CurrentApiKey() app: ApiKeyPrincipal, @Args('events', { type: () => [UsageEventInput] }) events: UsageEventInput[]): Promise<UsageBatchResultObject> {
    const results = await this.usage.recordUsage(app, events);
    const count = (s: UsageStatus) => results.filter((r) => r.status === s).length;
    for (const status of USAGE_STATUSES) if (count(status)) this.metrics.usageEvents.inc({ result: status }, count(status));
    return { results, accepted: count('ACCEPTED'), duplicates: count('DUPLICATE'), conflicts: count('CONFLICT'), rejected: count('REJECTED') };
  }

  @Mutation(() => RefundResultObject, { description: 'A partial or full refund of a recorded event; idempotent per refundId.' })
  @ApiKeyAccess('usage:write')
  recordRefund(@CurrentApiKey() app: ApiKeyPrincipal, @Args('input') input: RefundInput): Promise<RefundOutcome> {
    return this.usage.recordRefund(app, input);
  }

  @Mutation(() => RevenueAgreementObject)
  @Roles('ADMIN')
  async setRevenueAgreement(@CurrentUser() user: AuthUser, @Args('input') input: RevenueAgreementInput): Promise<RevenueAgreementObject> {
    return toAgreementObject(await this.agreements.set(user, input));
  }

  @Query(() => [RevenueAgreementObject], { description: "A template's agreements, oldest first; visible to its authors and admins." })
  @SignedIn()
  async revenueAgreements(@CurrentUser() user: AuthUser, @Args('templateId', { type: () => ID }) templateId: string): Promise<RevenueAgreementObject[]> {
    return (await this.agreements.listForTemplate(user, templateId)).map(toAgreementObject);
  }

  @Query(() => StatementObject, { nullable: true, description: "A designer's statement for a month (their own; admins any)." })
  @SignedIn()
  async statement(
    @CurrentUser() user: AuthUser,
    @Args('designerId', { type: () => ID }) designerId: string,
    @Args('month') month: string,
    // An explicit null means the default too.
    @Args('currency', { type: () => String, nullable: true, defaultValue: 'CNY' }) currency: string | null,
  ): Promise<StatementObject | null> {
    const view = await this.statements.statement(user, designerId, month, currency ?? 'CNY');
    return view ? toStatementObject(view) : null;
  }

  @Query(() => [EarningsRowObject], { description: 'Earnings per month and template, from and to YYYY-MM inclusive.' })
  @SignedIn()
  earnings(@CurrentUser() user: AuthUser, @Args('designerId', { type: () => ID }) designerId: string, @Args('from') from: string, @Args('to') to: string): Promise<EarningsRowView[]> {
    return this.statements.earnings(user, designerId, from, to);
  }

  @Query(() => [UsageLineObject], { description: "A designer's latest paid uses and refunds, newest first (their own; admins any)." })
  @SignedIn()
  recentUsage(@CurrentUser() user: AuthUser, @Args('designerId', { type: () => ID }) designerId: string, @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number): Promise<RecentUsageView[]> {
    return this.statements.recentUsage(user, designerId, first);
  }

  @Mutation(() => StatementObject, { description: 'Posts the payout of a closed month once; repeating it with the same reference changes nothing.' })
  @Roles('ADMIN')
  async markStatementPaid(@CurrentUser() user: AuthUser, @Args('statementId', { type: () => ID }) statementId: string, @Args('reference') reference: string): Promise<StatementObject> {
    return toStatementObject(await this.statements.markPaid(user, statementId, reference));
  }

  @Query(() => RevenueOverviewObject, { description: 'Totals per consumer app and per designer, and unpaid balances.' })
  @Roles('ADMIN')
  revenueOverview(@Args('currency', { nullable: true, defaultValue: 'CNY' }) currency: string): Promise<RevenueOverviewView> {
    return this.statements.overview(currency);
  }

  @ResolveField(() => String, { description: "The statement as CSV (money in major units), for download. Labelled in `locale` (en or zh-CN); left out, in the signed-in person's studio language." })
  async csv(@Parent() statement: StatementObject, @Context() ctx: GqlContext, @Args('locale', { type: () => String, nullable: true }) locale?: string | null): Promise<string> {
    const chosen = locale ?? (ctx.req.user ? (await ctx.loaders.userById.load(ctx.req.user.id))?.locale : null);
    if (chosen != null && chosen !== 'en' && chosen !== 'zh-CN') throw badInputIssues([inputIssue('locale', 'statement.csvLocale')]);
    return this.statements.toCsv(statement.view, chosen === 'zh-CN' ? 'zh-CN' : 'en');
  }
}
