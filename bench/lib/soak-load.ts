// The soak's people and apps, as async loops: designers autosave a template and preview it, a
// consumer app reads the catalog and records paid uses. Every write that got a success answer goes
// into the ledger, which the end of the run checks against the database.
//
// What the simulated clients do when an answer does not come (5xx, a proxy 502/503, a timeout): the
// request may or may not have been carried out, so they do what the studio and a well-behaved app do:
// - a draft save is sent again as it was (same spec, same base revision). If the first one did land,
//   the repeat gets REVISION_CONFLICT, and the designer reloads the template and finds the spec there;
// - a usage batch is sent again unchanged: event ids make the repeat safe (DUPLICATE = counted once);
// - a preview request is sent again; a batch that landed unanswered is not in the ledger (its jobs are
//   still checked, with every other job in the database);
// - reads are simply repeated later.
// They wait what Retry-After says (at most 5 s) between tries.
import { setTimeout as sleep } from 'node:timers/promises';
import { computeSpecHash, type TemplateSpec } from '@atelier/template-spec';
import type { CallResult, SoakClient } from './soak-client.js';
import { soakSpec, type Person } from './soak-setup.js';

export interface SaveAck {
  templateId: string;
  versionId: string;
  revision: number;
  specHash: string;
  at: number;
}

export interface UsageAck {
  status: 'ACCEPTED' | 'DUPLICATE';
  versionId: string;
  grossAmount: number;
  occurredAt: string;
}

export interface Ledger {
  templates: Array<{ templateId: string; versionId: string; ownerId: string }>;
  /** createTemplate calls with no answer (a template may exist that no designer uses). */
  createsUnanswered: number;
  saves: SaveAck[];
  /** Saves answered with a specHash other than the one the designer computed for what it sent. */
  saveHashMismatches: Array<{ templateId: string; sent: string; answered: string }>;
  /** Save attempts with no answer. */
  savesUnanswered: number;
  /** REVISION_CONFLICTs after which the reload showed the unanswered save had landed. */
  savesFoundOnReload: number;
  /** REVISION_CONFLICTs after which the reload showed something else (nobody else edits these templates: should be 0). */
  conflictsUnexplained: number;
  batches: Array<{ batchId: string; versionId: string; specHash: string; jobIds: string[]; at: number }>;
  requestsUnanswered: number;
  previewWaits: { allFinished: number; timedOut: number; stoppedByEnd: number; waitMs: number[] };
  usage: Map<string, UsageAck>;
  usageSent: Set<string>;
  /** Sent, never answered (the run ended while it was being retried). */
  usageUnanswered: Set<string>;
  /** Answered CONFLICT or REJECTED: the consumer never sends conflicting or invalid events, so any is a failure. */
  usageRefused: Array<{ eventId: string; status: string; message: string | null }>;
}

export function newLedger(): Ledger {
  return {
    templates: [],
    createsUnanswered: 0,
    saves: [],
    saveHashMismatches: [],
    savesUnanswered: 0,
    savesFoundOnReload: 0,
    conflictsUnexplained: 0,
    batches: [],
    requestsUnanswered: 0,
    previewWaits: { allFinished: 0, timedOut: 0, stoppedByEnd: 0, waitMs: [] },
    usage: new Map(),
    usageSent: new Set(),
    usageUnanswered: new Set(),
    usageRefused: [],
  };
}

export interface LoadContext {
  client: SoakClient;
  ledger: Ledger;
  /** Set when the load ends: loops finish what they are doing and return. */
  stopping: boolean;
  /** After this (Date.now()), requests with no answer are no longer repeated. */
  giveUpAt: number;
  previewWaitMs: number;
  runId: string;
}

/** A small seeded generator (mulberry32), so a run's choices repeat with the same --seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'DEAD', 'CANCELLED']);

function pause(r: CallResult<unknown>, random: () => number): Promise<void> {
  const ms = r.ok ? 0 : Math.min(5_000, r.retryAfterMs);
  return sleep(ms / 2 + (random() * ms) / 2);
}

const TEMPLATE = `query($id: ID!) { template(id: $id) { headRevision draft { id revision specHash spec } } }`;
const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision specHash } }`;
const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id specHash jobs { id } } }`;
const BATCH = `query($id: ID!) { previewBatch(id: $id) { jobs { id state } } }`;
const CATALOG = `query { catalog(first: 20) { totalCount edges { node { id publishedVersion { id } } } } }`;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates results { eventId status code message } } }`;

// One edit of an autosave: the prompt's last words and where the key light sits, as a designer
// typing and dragging would change them.
function edit(spec: TemplateSpec, take: number, random: () => number): TemplateSpec {
  const lights = spec.lighting.lights.map((l) => (l.kind === 'key' ? { ...l, x: Math.round((0.15 + random() * 0.7) * 1000) / 1000 } : l));
  const positive = spec.prompt.positive.replace(/, take \d+$/, '');
  return { ...spec, prompt: { ...spec.prompt, positive: `${positive}, take ${take}` }, lighting: { ...spec.lighting, lights } };
}

export async function runDesigner(ctx: LoadContext, designer: Person, index: number, random: () => number): Promise<void> {
  const { client, ledger } = ctx;
  const auth = designer.auth;
  const answered = () => Date.now() < ctx.giveUpAt;

  type Created = { id: string; headRevision: number; draft: { id: string } };
  let template: Created | null = null as Created | null;
  while (!template && !ctx.stopping) {
    const r: CallResult<{ createTemplate: Created }> = await client.gql<{ createTemplate: Created }>(
      'createTemplate',
      'write',
      `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id headRevision draft { id } } }`,
      { input: { title: `Soak draft ${index + 1}`, baseModel: 'SDXL', tags: ['soak'], spec: soakSpec(`designer ${index + 1}`) } },
      auth,
    );
    if (r.ok) template = r.data.createTemplate;
    else {
      if (r.unknownOutcome) ledger.createsUnanswered++;
      await pause(r, random);
    }
  }
  if (!template) return;
  ledger.templates.push({ templateId: template.id, versionId: template.draft.id, ownerId: designer.id });
  let versionId = template.draft.id;
  let head = template.headRevision;
  let spec = soakSpec(`designer ${index + 1}`);
  let take = 0;

  // Reads the template again (after a conflict): the spec and revision to continue from.
  const reload = async (): Promise<{ specHash: string } | null> => {
    for (;;) {
      const r = await client.gql<{ template: { headRevision: number; draft: { id: string; specHash: string; spec: TemplateSpec } } }>('template', 'read', TEMPLATE, { id: template!.id }, auth);
      if (r.ok) {
        head = r.data.template.headRevision;
        spec = r.data.template.draft.spec;
        versionId = r.data.template.draft.id;
        return { specHash: r.data.template.draft.specHash };
      }
      if (!answered()) return null;
      await pause(r, random);
    }
  };

  const save = async (): Promise<void> => {
    const sent = spec;
    const hash = computeSpecHash(sent);
    let unanswered = false;
    for (;;) {
      const r = await client.gql<{ saveDraft: { id: string; revision: number; specHash: string } }>('saveDraft', 'write', SAVE, { input: { templateId: template!.id, spec: sent, baseRevision: head } }, auth);
      if (r.ok) {
        const v = r.data.saveDraft;
        ledger.saves.push({ templateId: template!.id, versionId: v.id, revision: v.revision, specHash: v.specHash, at: Date.now() });
        if (v.specHash !== hash) ledger.saveHashMismatches.push({ templateId: template!.id, sent: hash, answered: v.specHash });
        head = v.revision;
        versionId = v.id;
        return;
      }
      if (r.code === 'REVISION_CONFLICT') {
        const found = await reload();
        if (found && unanswered && found.specHash === hash) ledger.savesFoundOnReload++;
        else if (found) ledger.conflictsUnexplained++;
        return;
      }
      if (!r.unknownOutcome) {
        await reload();
        return;
      }
      ledger.savesUnanswered++;
      unanswered = true;
      if (!answered()) return;
      await pause(r, random);
    }
  };

  const preview = async (): Promise<void> => {
    const first = Math.floor(random() * 1_000_000);
    const seeds = [first, first + 1 + Math.floor(random() * 1000)];
    type Batch = { id: string; specHash: string; jobs: Array<{ id: string }> };
    let batch: Batch | null = null as Batch | null;
    while (!batch) {
      const r: CallResult<{ requestPreviews: Batch }> = await client.gql<{ requestPreviews: Batch }>('requestPreviews', 'write', REQUEST, { input: { versionId, seeds } }, auth);
      if (r.ok) batch = r.data.requestPreviews;
      else {
        if (!r.unknownOutcome) return;
        ledger.requestsUnanswered++;
        if (ctx.stopping) return;
        await pause(r, random);
      }
    }
    const requestedAt = Date.now();
    ledger.batches.push({ batchId: batch.id, versionId, specHash: batch.specHash, jobIds: batch.jobs.map((j) => j.id), at: requestedAt });
    const deadline = requestedAt + ctx.previewWaitMs;
    for (;;) {
      await sleep(1_000);
      const r = await client.gql<{ previewBatch: { jobs: Array<{ state: string }> } }>('previewBatch', 'read', BATCH, { id: batch.id }, auth);
      if (r.ok && r.data.previewBatch.jobs.every((j) => TERMINAL.has(j.state))) {
        ledger.previewWaits.allFinished++;
        ledger.previewWaits.waitMs.push(Date.now() - requestedAt);
        return;
      }
      if (ctx.stopping) {
        ledger.previewWaits.stoppedByEnd++;
        return;
      }
      if (Date.now() > deadline) {
        ledger.previewWaits.timedOut++;
        return;
      }
    }
  };

  while (!ctx.stopping) {
    const saves = 3 + Math.floor(random() * 4);
    for (let i = 0; i < saves && !ctx.stopping; i++) {
      spec = edit(spec, ++take, random);
      await save();
      // Autosave fires a second or two after the designer stops typing or dragging.
      await sleep(1_000 + random() * 1_000);
    }
    if (!ctx.stopping) await preview();
  }
}

export async function runConsumer(ctx: LoadContext, apiKey: string, index: number, initialVersions: string[], random: () => number): Promise<void> {
  const { client, ledger } = ctx;
  const auth = { apiKey };
  let versions = initialVersions;
  let n = 0;
  while (!ctx.stopping) {
    const read = await client.gql<{ catalog: { edges: Array<{ node: { publishedVersion: { id: string } } }> } }>('catalog', 'read', CATALOG, {}, auth);
    if (read.ok && read.data.catalog.edges.length) versions = read.data.catalog.edges.map((e) => e.node.publishedVersion.id);

    // A batch of paid uses, each with the app's own unique id, dated a moment ago.
    const occurredAt = new Date(Date.now() - 1_000).toISOString();
    const events = Array.from({ length: 5 + Math.floor(random() * 11) }, () => ({
      eventId: `${ctx.runId}-app${index + 1}-${++n}`,
      templateVersionId: versions[Math.floor(random() * versions.length)]!,
      grossAmount: 100 + Math.floor(random() * 49) * 100,
      currency: 'CNY',
      occurredAt,
    }));
    for (const e of events) ledger.usageSent.add(e.eventId);
    for (;;) {
      const r = await client.gql<{ recordUsage: { results: Array<{ eventId: string; status: string; code: string | null; message: string | null }> } }>('recordUsage', 'write', RECORD, { events }, auth);
      if (r.ok) {
        const byId = new Map(events.map((e) => [e.eventId, e]));
        for (const result of r.data.recordUsage.results) {
          ledger.usageUnanswered.delete(result.eventId);
          const e = byId.get(result.eventId)!;
          if (result.status === 'ACCEPTED' || result.status === 'DUPLICATE') ledger.usage.set(result.eventId, { status: result.status, versionId: e.templateVersionId, grossAmount: e.grossAmount, occurredAt: e.occurredAt });
          else {
            ledger.usageRefused.push({ eventId: result.eventId, status: result.status, message: result.message });
            client.countError('recordUsage', 'write', `event ${result.status} ${result.code ?? ''}`.trim());
          }
        }
        break;
      }
      if (!r.unknownOutcome) {
        // An answer that refused the whole batch: nothing was recorded.
        for (const e of events) {
          ledger.usageUnanswered.delete(e.eventId);
          ledger.usageRefused.push({ eventId: e.eventId, status: `batch ${r.key}`, message: r.message });
        }
        break;
      }
      for (const e of events) ledger.usageUnanswered.add(e.eventId);
      if (Date.now() > ctx.giveUpAt) break;
      await pause(r, random);
    }
    await sleep(700 + random() * 600);
  }
}
