import { z } from 'zod';
import {
  batchReportAnswerSchema,
  batchReportSchema,
  completeReportSchema,
  failReportSchema,
  jobStatusSchema,
  leaseBatchSchema,
  leasedJobSchema,
  leaseMaxSchema,
  MAX_LEASES_PER_CALL,
  MAX_REPORTS_PER_CALL,
  leaseReportSchema,
  outputTargetSchema,
  leaseWaitSecondsSchema,
  progressReportSchema,
  protocolErrorSchema,
  workerHeartbeatAckSchema,
  workerHeartbeatSchema,
  workerIdentitySchema,
} from '@atelier/preview-job';

// The worker protocol (/v1) as an OpenAPI 3.1 document. Every body and answer is converted from the
// zod schema the API validates with (or types its answers by), so the docs cannot drift from the
// code; the paths are listed here, and a test fails when Nest registers a /v1 route not listed.

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, OpenApiResponse>; securitySchemes: Record<string, JsonSchema> };
};
export type OpenApiResponse = { description: string; content?: Record<string, { schema: JsonSchema; example?: unknown }> };
export type OpenApiParameter = { name: string; in: 'query' | 'path'; required: boolean; description: string; schema: JsonSchema };
export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
};

// What the framework answers before our code runs (a body that is not JSON) or when something
// unexpected breaks (5xx): not our `{ code, message }` shape.
export const httpErrorSchema = z.object({ statusCode: z.number().int(), message: z.string(), error: z.string().optional() });

const SCHEMAS = {
  WorkerHeartbeat: { schema: workerHeartbeatSchema, io: 'input' },
  WorkerHeartbeatAck: { schema: workerHeartbeatAckSchema, io: 'output' },
  LeasedJob: { schema: leasedJobSchema, io: 'output' },
  LeaseBatch: { schema: leaseBatchSchema, io: 'output' },
  LeaseReport: { schema: leaseReportSchema, io: 'input' },
  OutputTarget: { schema: outputTargetSchema, io: 'output' },
  ProgressReport: { schema: progressReportSchema, io: 'input' },
  CompleteReport: { schema: completeReportSchema, io: 'input' },
  FailReport: { schema: failReportSchema, io: 'input' },
  BatchReport: { schema: batchReportSchema, io: 'input' },
  BatchReportAnswer: { schema: batchReportAnswerSchema, io: 'output' },
  JobStatus: { schema: jobStatusSchema, io: 'output' },
  WorkerIdentity: { schema: workerIdentitySchema, io: 'output' },
  Error: { schema: protocolErrorSchema, io: 'output' },
  HttpError: { schema: httpErrorSchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodType; io: 'input' | 'output' }>;
type SchemaName = keyof typeof SCHEMAS;

// JSON Schema 2020-12 is OpenAPI 3.1's own dialect; only the per-schema $schema line is dropped.
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...generated } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return generated;
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, example?: unknown) => ({ 'application/json': { schema: ref(name), ...(example === undefined ? {} : { example }) } });
const answer = (description: string, name: SchemaName): OpenApiResponse => ({ description, content: json(name) });
const refused = (name: 'BadRequest' | 'Unauthenticated' | 'JobNotFound' | 'StaleLease') => ({ $ref: `#/components/responses/${name}` });
const body = (name: SchemaName) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

const JOB_ID: OpenApiParameter = { name: 'id', in: 'path', required: true, description: 'The job id from the lease (`job.id`). Anything that is not a known job id answers 404.', schema: { type: 'string', format: 'uuid' } };
const MAX: OpenApiParameter = {
  name: 'max',
  in: 'query',
  required: false,
  description:
    `For a box with several GPUs: lease up to this many jobs (1 to ${MAX_LEASES_PER_CALL}) in one call, one per free GPU. The answer is then a LeaseBatch ` +
    '(`{ leases: [...] }`, at least one), each job with its own lease, reported (progress, output, complete, fail, release) on its own. ' +
    'Without `max` the answer is a single LeasedJob, as before.',
  schema: toSchema(leaseMaxSchema, 'input'),
};
const WAIT: OpenApiParameter = { name: 'wait', in: 'query', required: false, description: 'Seconds to wait for a job before answering 204 (0 answers at once).', schema: toSchema(leaseWaitSecondsSchema, 'input') };

// Job reports share their answers: the job as it is now, or why the report changed nothing.
function jobReport(operationId: string, summary: string, description: string, bodyName: SchemaName, extra: Record<string, OpenApiResponse | { $ref: string }> = {}): OpenApiOperation {
  return {
    operationId,
    tags: ['Jobs'],
    summary,
    description,
    parameters: [JOB_ID],
    requestBody: body(bodyName),
    responses: {
      '200': answer('The job as it is now (also when the same report is repeated).', 'JobStatus'),
      '400': refused('BadRequest'),
      '401': refused('Unauthenticated'),
      '404': refused('JobNotFound'),
      '409': refused('StaleLease'),
      ...extra,
    },
  };
}

export function buildWorkerOpenApi(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atelier worker protocol',
      version: '1',
      description:
        'How GPU workers take preview jobs from the Atelier API and hand back results. A worker sends a heartbeat, then loops: ' +
        'lease a job (long-poll), download its LoRA files and reference image from the presigned URLs in the lease, render, PUT the PNG ' +
        'to the output upload URL, and report complete (or fail, or release it when shutting down). Progress reports keep the lease alive. ' +
        'Every call is safe to repeat; a report naming a lease that is no longer the job’s answers 409, and the worker should drop that job. ' +
        'Refusals carry a JSON body `{ code, message }` (plus `issues` for bad input). A 5xx answer has the body `{ statusCode, message }` ' +
        'and says nothing about the job: retry the call with backoff.',
    },
    servers: [{ url: '/', description: 'This API' }],
    security: [{ workerToken: [] }],
    tags: [
      { name: 'Workers', description: 'Who the worker is and what it can render.' },
      { name: 'Jobs', description: 'Leasing preview jobs and reporting on them.' },
      { name: 'Docs', description: 'This documentation (no token needed).' },
    ],
    paths: {
      '/v1/workers/heartbeat': {
        post: {
          operationId: 'heartbeat',
          tags: ['Workers'],
          summary: 'Register the worker and what it has loaded',
          description:
            'Send at start-up, before leasing, and then regularly. Tells the scheduler the backend, base models, loaded checkpoint and LoRA set, ' +
            'and the LoRA files on disk (by SHA-256), so jobs go where their models already are; and, in `capabilities`, what the GPU box has ' +
            '(node classes, model files per folder, GPUs), so it is offered only jobs it can run. Admins see the report and what keeps the box from jobs. ' +
            'A worker silent for 60 seconds counts as offline.',
          requestBody: body('WorkerHeartbeat'),
          responses: { '200': answer('Recorded.', 'WorkerHeartbeatAck'), '400': refused('BadRequest'), '401': refused('Unauthenticated') },
        },
      },
      '/v1/jobs/lease': {
        post: {
          operationId: 'leaseJob',
          tags: ['Jobs'],
          summary: 'Lease the next job (long-poll)',
          description:
            'Answers 200 with a lease as soon as a job for this worker’s backend and base models is available, or 204 with no body after `wait` seconds. ' +
            'When the last heartbeat said what the box has (`capabilities`), only jobs whose graphs it can run are offered: the checkpoint and, for a posed ' +
            'template, the ControlNet of the job’s base model among its model files, every node class of the graph among its node classes, and a GPU with memory. ' +
            'A worker whose heartbeat reports a `boxProblem` is offered nothing. ' +
            'The lease runs out after `leaseSeconds` unless progress is reported; an expired job goes back to the queue. The body is ignored.',
          parameters: [WAIT, MAX],
          responses: {
            '200': {
              description:
                'A job, its lease, presigned download URLs for its files and the presigned PUT URL for the output image (LeasedJob); with `max`, ' +
                'a LeaseBatch of 1 to `max` such leases, chosen by the same policy as single leases.',
              content: { 'application/json': { schema: { oneOf: [ref('LeasedJob'), ref('LeaseBatch')] } } },
            },
            '204': { description: 'No job came within `wait` seconds; ask again.' },
            '400': {
              description: `\`wait\` is not a number from 0 to 20, or \`max\` not a whole number from 1 to ${MAX_LEASES_PER_CALL} (code BAD_USER_INPUT).`,
              content: json('Error', { code: 'BAD_USER_INPUT', message: 'wait must be 0 to 20 seconds.', issues: [{ path: 'wait', message: '0..20' }] }),
            },
            '401': refused('Unauthenticated'),
            '409': { description: 'The worker has not sent a heartbeat yet (code INVALID_STATE_TRANSITION).', content: json('Error', { code: 'INVALID_STATE_TRANSITION', message: 'Send a heartbeat (POST /v1/workers/heartbeat) before leasing jobs.' }) },
          },
        },
      },
      '/v1/jobs/{id}/progress': {
        post: jobReport('reportProgress', 'Report progress and keep the lease', 'Progress from 0 to 1. Each report extends the lease by `leaseSeconds`.', 'ProgressReport'),
      },
      '/v1/jobs/{id}/complete': {
        post: jobReport(
          'completeJob',
          'Finish the job with the uploaded image',
          'Call after PUTting the PNG to `output.uploadUrl` with `output.uploadHeaders`. The API checks the image, keeps it with a thumbnail and marks the job SUCCEEDED. ' +
            'Answers 400 when the image has not arrived or is not a usable image (the lease stays; upload again and repeat).',
          'CompleteReport',
        ),
      },
      '/v1/jobs/{id}/fail': {
        post: jobReport(
          'failJob',
          'Report that rendering failed',
          'retryable: true re-queues the job after a backoff until its attempts run out (then DEAD); false fails it for good (FAILED). The error text is shown to the designer.',
          'FailReport',
        ),
      },
      '/v1/jobs/report': {
        post: {
          operationId: 'reportJobs',
          tags: ['Jobs'],
          summary: 'Report several finished jobs at once',
          description:
            `For a box with several GPUs: up to ${MAX_REPORTS_PER_CALL} \`complete\` and \`fail\` reports in one call, one per job, each naming its job and its own lease ` +
            'and carrying what the single report (POST /v1/jobs/{id}/complete or /fail) takes. Each item is checked and applied as its single report would be, ' +
            'all in one transaction: a stale or foreign lease, an unknown job or an output that has not arrived or is not a usable image refuses that item only ' +
            '(it changes nothing, and its result carries the status and code the single report would have answered), while the others go through. ' +
            'Results come in the order of the reports. Safe to repeat, like every report. ' +
            'Send the jobs that finished within a few milliseconds of each other together; never hold a finished job back to wait for others.',
          requestBody: body('BatchReport'),
          responses: {
            '200': answer('One result per report, in their order: `ok: true` with the job as it is now, or `ok: false` with why that report changed nothing.', 'BatchReportAnswer'),
            '400': refused('BadRequest'),
            '401': refused('Unauthenticated'),
          },
        },
      },
      '/v1/jobs/{id}/output': {
        post: {
          operationId: 'outputTarget',
          tags: ['Jobs'],
          summary: 'Get a fresh URL to upload the result to',
          description: 'Ask right before the PUT: the URL works for about one lease, and only while the lease is live, so a worker that stalled past its lease (or whose subject was withdrawn meanwhile) cannot upload.',
          parameters: [JOB_ID],
          requestBody: body('LeaseReport'),
          responses: { '200': answer('Where and how to PUT the PNG.', 'OutputTarget'), '400': refused('BadRequest'), '401': refused('Unauthenticated'), '404': refused('JobNotFound'), '409': refused('StaleLease') },
        },
      },
      '/v1/jobs/{id}/release': {
        post: jobReport('releaseJob', 'Give the job back unfinished', 'For a worker shutting down: the job is re-queued at once and the attempt is not counted.', 'LeaseReport'),
      },
      '/v1/worker/whoami': {
        get: {
          operationId: 'whoami',
          tags: ['Workers'],
          summary: 'Check the token',
          description: 'The worker token’s id and name.',
          responses: { '200': answer('The token is valid.', 'WorkerIdentity'), '401': refused('Unauthenticated') },
        },
      },
      '/v1/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          tags: ['Docs'],
          summary: 'This document',
          description: 'The worker protocol as OpenAPI 3.1 (JSON).',
          security: [],
          responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/v1/docs': {
        get: {
          operationId: 'docsPage',
          tags: ['Docs'],
          summary: 'This documentation as a web page',
          description: 'The same document rendered as HTML.',
          security: [],
          responses: { '200': { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, { schema, io }]) => [name, toSchema(schema, io)])),
      responses: {
        BadRequest: {
          description:
            'The body or a parameter is not valid (code BAD_USER_INPUT); `issues` names each field at fault. ' +
            'A body that is not JSON at all is refused earlier, with `{ statusCode: 400, error: "Bad Request", message }` (HttpError).',
          content: {
            'application/json': {
              schema: { anyOf: [ref('Error'), ref('HttpError')] },
              example: { code: 'BAD_USER_INPUT', message: 'The request body is not valid: leaseId Invalid UUID', issues: [{ path: 'leaseId', message: 'Invalid UUID' }] },
            },
          },
        },
        Unauthenticated: {
          description: 'No worker token, or one that is malformed, unknown or revoked (code UNAUTHENTICATED). User sessions and API keys are not accepted here.',
          content: json('Error', { code: 'UNAUTHENTICATED', message: 'This worker token has been revoked.' }),
        },
        JobNotFound: { description: 'No such job (code NOT_FOUND).', content: json('Error', { code: 'NOT_FOUND', message: 'Preview job not found.' }) },
        StaleLease: {
          description:
            'The lease is no longer this job’s (it ran out and was re-queued, the job finished or was cancelled), or the job is leased by another worker (code INVALID_STATE_TRANSITION). Nothing changed; stop working on this job.',
          content: json('Error', { code: 'INVALID_STATE_TRANSITION', message: 'This lease is no longer valid; the job was re-queued, finished or cancelled.' }),
        },
      },
      securitySchemes: {
        workerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'wkr_<prefix>_<secret>',
          description: 'A worker token an admin issues (GraphQL `issueWorkerToken`); it is shown once and can be revoked. Send `Authorization: Bearer wkr_…`.',
        },
      },
    },
  };
}
