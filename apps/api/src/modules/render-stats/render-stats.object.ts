import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { RenderStatsDayView, TemplateRenderStatsView, VersionRenderStatsView } from './render-stats.service.js';

// Counts and waits only: no app, end user, identity or image is ever part of these figures.

@ObjectType('RenderStatsDay', { description: "One UTC day of a version's renders, for the chart." })
export class RenderStatsDayObject implements RenderStatsDayView {
  @Field({ description: 'YYYY-MM-DD (UTC).' }) day: string;
  @Field(() => Int, { description: 'Renders created that day.' }) renders: number;
  @Field(() => Int, { description: 'Of them, how many failed.' }) failed: number;
  @Field(() => Int, { description: 'Of them, how many were paid uses.' }) paidUses: number;
  @Field(() => Float, { nullable: true, description: "95th percentile of that day's queue waits, in seconds; null when none of its renders started." }) p95WaitSeconds: number | null;
}

@ObjectType('VersionRenderStats', { description: "How one published version did with consumer apps' hosted renders (createRender) in the window. A render counts on the UTC day it was created." })
export class VersionRenderStatsObject implements VersionRenderStatsView {
  @Field(() => ID) versionId: string;
  @Field(() => Int) versionNumber: number;
  @Field(() => Int, { description: 'Renders created in the window, in any state (also those still waiting or running).' }) renders: number;
  @Field(() => Int) succeeded: number;
  @Field(() => Int, { description: 'Failed renders (their job FAILED or DEAD).' }) failed: number;
  @Field(() => Int, { description: 'Renders the app cancelled.' }) cancelled: number;
  @Field(() => Int, { description: 'Renders whose paid use was recorded (the usage event render:<render id>); uses an app reports itself with recordUsage are not counted here.' }) paidUses: number;
  @Field(() => Int, { description: 'Paid uses of which any part was refunded.' }) refundedUses: number;
  @Field(() => Float, { nullable: true, description: 'refundedUses / paidUses, from 0 to 1 (a partly refunded use counts as refunded); null without paid uses.' }) refundRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Median queue wait in seconds (from enqueued to first leased by a GPU), over the renders that started; null when none did.' }) medianWaitSeconds: number | null;
  @Field(() => Float, { nullable: true, description: '95th percentile of the queue wait in seconds (continuous percentile), over the renders that started; null when none did.' }) p95WaitSeconds: number | null;
  @Field(() => [RenderStatsDayObject], { description: 'Every UTC day of the window, oldest first; days without renders are 0.' }) days: RenderStatsDayView[];
}

@ObjectType('TemplateRenderStats')
export class TemplateRenderStatsObject implements TemplateRenderStatsView {
  @Field(() => ID) templateId: string;
  @Field({ description: 'The first UTC day of the window (YYYY-MM-DD).' }) from: string;
  @Field({ description: 'The last UTC day of the window, included.' }) to: string;
  @Field(() => [VersionRenderStatsObject], { description: 'Every version of the template that was ever published (the ones apps can render), newest first, with zeros where nothing was rendered.' }) versions: VersionRenderStatsView[];
}
