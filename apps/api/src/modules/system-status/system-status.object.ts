import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SystemStatusBucket', { description: 'Five minutes of the last hour: the preview queue and the API requests of every API process.' })
export class SystemStatusBucketObject {
  @Field() start: Date;
  @Field({ description: 'The end (exclusive); after SystemStatus.at for the bucket still running.' }) end: Date;
  @Field(() => Int, { description: "Preview jobs waiting in the queue at the bucket's end (at SystemStatus.at for the running bucket)." }) queueDepth: number;
  @Field(() => Int, { description: 'Preview jobs a worker started (leased) in the bucket.' }) started: number;
  @Field(() => Float, { nullable: true, description: 'The median wait of the jobs started in the bucket, from available to leased, in seconds; null when none started.' })
  waitMedianSeconds: number | null;
  @Field(() => Float, { nullable: true, description: 'The 90th percentile of the same waits, in seconds.' }) waitP90Seconds: number | null;
  @Field(() => Int, { description: 'Worker runs that ended in the bucket, succeeded or failed.' }) finished: number;
  @Field(() => Int, { description: 'Of those, the jobs that ended FAILED or DEAD.' }) failed: number;
  @Field(() => Int, { description: 'HTTP requests answered by the API processes (every route, as in atelier_http_request_duration_seconds).' }) requests: number;
  @Field(() => Int, { description: 'Of those, answers with a 4xx status.' }) clientErrors: number;
  @Field(() => Int, { description: 'Of those, answers with a 5xx status (503 included).' }) serverErrors: number;
  @Field(() => Int, { description: 'GraphQL answers that carried errors, mostly with HTTP 200 (atelier_graphql_errors_total).' }) graphqlErrors: number;
}

@ObjectType('SystemQueueNow', { description: 'The preview queue now, as the atelier_preview_jobs gauge counts it.' })
export class SystemQueueNowObject {
  @Field(() => Int, { description: 'Jobs waiting (QUEUED).' }) queued: number;
  @Field(() => Int, { description: 'Jobs a worker is rendering (LEASED).' }) running: number;
}

@ObjectType('SystemWorkersOfBackend')
export class SystemWorkersOfBackendObject {
  @Field() backend: string;
  @Field(() => Int) online: number;
}

@ObjectType('SystemWorkers', { description: 'GPU workers, as atelier_workers_online counts them: a heartbeat in the last minute, token not revoked.' })
export class SystemWorkersObject {
  @Field(() => Int) online: number;
  @Field(() => Int, { description: 'Workers with a valid token and no heartbeat in the last minute.' }) offline: number;
  @Field(() => [SystemWorkersOfBackendObject], { description: 'Online workers per backend (backends with none online are left out).' }) byBackend: SystemWorkersOfBackendObject[];
}

@ObjectType('SystemErrorCodeCount')
export class SystemErrorCodeCountObject {
  @Field({ description: 'An extensions.code such as FORBIDDEN or INTERNAL.' }) code: string;
  @Field(() => Int, { description: 'GraphQL answers carrying it.' }) answers: number;
}

@ObjectType('SystemRequestTotals', { description: "The last hour's requests, every API process summed." })
export class SystemRequestTotalsObject {
  @Field(() => Int) requests: number;
  @Field(() => Int) clientErrors: number;
  @Field(() => Int) serverErrors: number;
  @Field(() => Int) graphqlErrors: number;
  @Field(() => [SystemErrorCodeCountObject], { description: 'GraphQL error answers by code, most frequent first.' }) graphqlErrorCodes: SystemErrorCodeCountObject[];
  @Field(() => Int, { description: 'API processes that reported requests in the hour.' }) processes: number;
}

@ObjectType('SystemStatus', {
  description:
    'The whole system over the last hour, for admins: the preview queue, workers and API requests. Request counts reach PostgreSQL from each API process every 15 s, so the last seconds may still be missing.',
})
export class SystemStatusObject {
  @Field({ description: 'When the figures were read.' }) at: Date;
  @Field({ description: "The first bucket's start." }) from: Date;
  @Field(() => Int) bucketMinutes: number;
  @Field(() => [SystemStatusBucketObject], { description: 'Twelve buckets, oldest first, on the five-minute marks; the last one holds `at`.' }) buckets: SystemStatusBucketObject[];
  @Field(() => SystemQueueNowObject) queue: SystemQueueNowObject;
  @Field(() => SystemWorkersObject) workers: SystemWorkersObject;
  @Field(() => SystemRequestTotalsObject) requests: SystemRequestTotalsObject;
}
