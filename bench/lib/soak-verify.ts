// The end of a soak run: the database, read directly, against the ledger of what the clients were
// told succeeded. Each check is an invariant; any that fails makes the run fail.
import pg from 'pg';
import { computeSpecHash } from '@atelier/template-spec';
import type { Ledger } from './soak-load.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Verification {
  checks: Check[];
  facts: {
    acknowledgedWrites: { total: number; kept: number; percent: number; templates: number; saves: number; previewRequests: number; previewJobs: number; usageEvents: number };
    jobs: {
      total: number;
      byState: Record<string, number>;
      rendered: number;
      cachedOrFollowed: number;
      supersededCancelled: number;
      retried: number;
      requeuedOnLeaseExpiry: number;
      completionsCounted: number;
      workerDoneLines: number;
    };
    usage: { rows: number; acknowledged: number; acceptedAnswers: number; duplicateAnswers: number; landedWithoutAnswer: number; neverAnswered: number; ledgerTransactions: number };
    saves: { acknowledged: number; unanswered: number; foundOnReload: number; finalStatesChecked: number };
  };
}

const REQUEUED_BY_EXPIRY = 'The worker stopped reporting; the job was re-queued.';
const pct = (kept: number, total: number) => (total ? Math.round((10_000 * kept) / total) / 100 : 100);
const sample = (xs: unknown[], n = 5) => (xs.length ? ` e.g. ${JSON.stringify(xs.slice(0, n))}` : '');

export async function verifySoak(databaseUrl: string, ledger: Ledger, opts: { workerDoneIds: string[]; heldJobIds: string[]; consumerApp: string }): Promise<Verification> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const rows = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
  try {
    const checks: Check[] = [];
    const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

    // --- Acknowledged writes kept ------------------------------------------------------------
    const templateIds = ledger.templates.map((t) => t.templateId);
    const foundTemplates = new Set((await rows<{ id: string }>(`SELECT id FROM templates WHERE id = ANY($1::uuid[])`, [templateIds])).map((r) => r.id));
    const templatesKept = templateIds.filter((id) => foundTemplates.has(id)).length;

    // Every acknowledged save left its audit row (written in the save's own transaction).
    const versionIds = [...new Set(ledger.saves.map((s) => s.versionId))];
    const audited = new Set(
      (
        await rows<{ k: string }>(
          `SELECT entity_id || ':' || (after->>'revision') || ':' || (after->>'specHash') AS k FROM audit_log
           WHERE action IN ('version.draft_saved', 'version.draft_started') AND entity_type = 'template_version' AND entity_id = ANY($1::text[])`,
          [versionIds],
        )
      ).map((r) => r.k),
    );
    const savesLost = ledger.saves.filter((s) => !audited.has(`${s.versionId}:${s.revision}:${s.specHash}`));
    // And the draft each template ends with is its newest acknowledged save (or a newer one that landed
    // without an answer), its stored spec matching its hash.
    const finals = await rows<{ template_id: string; head_revision: number; revision: number; spec_hash: string; spec: unknown }>(
      `SELECT t.id AS template_id, t.head_revision, v.revision, v.spec_hash, v.spec FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.state = 'DRAFT' WHERE t.id = ANY($1::uuid[])`,
      [templateIds],
    );
    const finalBad: unknown[] = [];
    for (const f of finals) {
      const acked = ledger.saves.filter((s) => s.templateId === f.template_id);
      const newest = acked.reduce<(typeof acked)[number] | null>((a, s) => (!a || s.revision > a.revision ? s : a), null);
      const hashOk = computeSpecHash(f.spec as Parameters<typeof computeSpecHash>[0]) === f.spec_hash;
      const behind = newest !== null && f.revision < newest.revision;
      const replaced = newest !== null && f.revision === newest.revision && f.spec_hash !== newest.specHash;
      if (!hashOk || behind || replaced || f.head_revision !== f.revision) finalBad.push({ template: f.template_id, db: { head: f.head_revision, revision: f.revision, hash: f.spec_hash.slice(0, 12), hashOk }, newestAck: newest && { revision: newest.revision, hash: newest.specHash.slice(0, 12) } });
    }

    const jobs = await rows<{
      id: string;
      batch_id: string;
      state: string;
      cached: boolean;
      source_job_id: string | null;
      attempts: number;
      last_error: string | null;
      started_at: Date | null;
      output_asset_id: string | null;
      thumbnail_asset_id: string | null;
    }>(`SELECT id, batch_id, state, cached, source_job_id, attempts, last_error, started_at, output_asset_id, thumbnail_asset_id FROM preview_jobs`);
    const jobById = new Map(jobs.map((j) => [j.id, j]));
    const ledgerJobs = ledger.batches.flatMap((b) => b.jobIds.map((id) => ({ id, batchId: b.batchId })));
    const jobsLost = ledgerJobs.filter((j) => jobById.get(j.id)?.batch_id !== j.batchId);

    const app = (await rows<{ id: string }>(`SELECT id FROM consumer_apps WHERE name = $1`, [opts.consumerApp]))[0];
    const usageRows = app
      ? await rows<{ event_id: string; template_version_id: string; gross_minor: string; occurred_at: Date; transaction_id: string }>(
          `SELECT event_id, template_version_id, gross_minor, occurred_at, transaction_id FROM usage_events WHERE consumer_app_id = $1`,
          [app.id],
        )
      : [];
    const usageById = new Map(usageRows.map((r) => [r.event_id, r]));
    const usageLost: unknown[] = [];
    for (const [eventId, ack] of ledger.usage) {
      const row = usageById.get(eventId);
      if (!row || row.template_version_id !== ack.versionId || Number(row.gross_minor) !== ack.grossAmount || row.occurred_at.getTime() !== new Date(ack.occurredAt).getTime()) usageLost.push({ eventId, row: row ?? null });
    }

    const total = ledger.templates.length + ledger.saves.length + ledger.batches.length + ledgerJobs.length + ledger.usage.size;
    const lost = templateIds.length - templatesKept + savesLost.length + ledger.batches.filter((b) => b.jobIds.some((id) => jobById.get(id)?.batch_id !== b.batchId)).length + jobsLost.length + usageLost.length;
    const kept = total - lost;
    check(
      'acknowledged writes kept: 100%',
      lost === 0 && finalBad.length === 0,
      `${kept}/${total} (${pct(kept, total)}%): templates ${templatesKept}/${templateIds.length}, saves ${ledger.saves.length - savesLost.length}/${ledger.saves.length}, preview jobs ${ledgerJobs.length - jobsLost.length}/${ledgerJobs.length}, usage events ${ledger.usage.size - usageLost.length}/${ledger.usage.size}; final drafts ${finals.length - finalBad.length}/${finals.length} consistent` +
        sample(savesLost) +
        sample(jobsLost) +
        sample(usageLost) +
        sample(finalBad),
    );
    check('saves answered with the hash of what was sent', ledger.saveHashMismatches.length === 0, `${ledger.saveHashMismatches.length} mismatches${sample(ledger.saveHashMismatches)}`);
    check('revision conflicts only after an unanswered save', ledger.conflictsUnexplained === 0, `${ledger.savesFoundOnReload} unanswered saves found on reload, ${ledger.conflictsUnexplained} conflicts without one`);

    // --- Preview jobs finished exactly once --------------------------------------------------
    const byState: Record<string, number> = {};
    for (const j of jobs) byState[j.state] = (byState[j.state] ?? 0) + 1;
    const stuck = jobs.filter((j) => j.state === 'QUEUED' || j.state === 'LEASED');
    const failed = jobs.filter((j) => j.state === 'FAILED' || j.state === 'DEAD');
    const superseded = jobs.filter((j) => j.state === 'CANCELLED' && j.last_error?.startsWith('Superseded by revision'));
    const cancelledOtherwise = jobs.filter((j) => j.state === 'CANCELLED' && !j.last_error?.startsWith('Superseded by revision'));
    check('no preview job stuck or given up', stuck.length === 0 && failed.length === 0 && cancelledOtherwise.length === 0, `${stuck.length} queued/leased, ${failed.length} failed/dead, ${cancelledOtherwise.length} cancelled for another reason than a newer revision${sample(stuck.map((j) => j.id))}${sample(failed.map((j) => [j.id, j.state, j.last_error]))}`);

    const rendered = jobs.filter((j) => j.state === 'SUCCEEDED' && !j.cached);
    const images = await rows<{ job_id: string; n: number; ids: string[] }>(
      `SELECT split_part(object_key, '/', 2) AS job_id, count(*)::int AS n, array_agg(id::text) AS ids FROM assets WHERE kind = 'PREVIEW_IMAGE' GROUP BY 1`,
    );
    const imagesByJob = new Map(images.map((r) => [r.job_id, r]));
    const badOutputs = rendered.filter((j) => {
      const stored = imagesByJob.get(j.id);
      return !stored || stored.n !== 2 || !stored.ids.includes(j.output_asset_id ?? '') || !stored.ids.includes(j.thumbnail_asset_id ?? '');
    });
    const orphanImages = images.filter((r) => jobById.get(r.job_id)?.state !== 'SUCCEEDED' || jobById.get(r.job_id)?.cached);
    const renderKeyDupes = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM preview_jobs WHERE state = 'SUCCEEDED' AND NOT cached GROUP BY spec_hash, subject_id, seed, backend HAVING count(*) > 1`,
    );
    check(
      'one stored output per rendered job and per render key',
      badOutputs.length === 0 && orphanImages.length === 0 && renderKeyDupes.length === 0,
      `${rendered.length} rendered jobs: ${badOutputs.length} without exactly their image + thumbnail, ${orphanImages.length} jobs with images but not rendered, ${renderKeyDupes.length} render keys rendered twice${sample(badOutputs.map((j) => j.id))}${sample(orphanImages)}`,
    );

    const completed = jobs.filter((j) => j.state === 'SUCCEEDED' && j.started_at !== null).length;
    const [{ done }] = await rows<{ done: number }>(`SELECT coalesce(sum(jobs_done), 0)::int AS done FROM workers`);
    const doneLines = opts.workerDoneIds;
    const doneTwice = doneLines.filter((id, i) => doneLines.indexOf(id) !== i);
    const doneNotSucceeded = doneLines.filter((id) => jobById.get(id)?.state !== 'SUCCEEDED');
    check(
      'each job completed once',
      done === completed && doneTwice.length === 0 && doneNotSucceeded.length === 0 && doneLines.length <= done,
      `workers.jobs_done ${done}, leased jobs that SUCCEEDED ${completed}; worker "done" lines ${doneLines.length} (${doneTwice.length} repeated, ${doneNotSucceeded.length} for jobs not SUCCEEDED)${sample(doneTwice)}`,
    );
    const held = opts.heldJobIds.map((id) => jobById.get(id));
    check(
      "the killed worker's leased jobs finished after their leases ran out",
      held.every((j) => j?.state === 'SUCCEEDED' && j.attempts >= 2),
      opts.heldJobIds.length ? held.map((j, i) => `${opts.heldJobIds[i]}: ${j?.state ?? 'missing'}, attempts ${j?.attempts ?? '-'}${j?.last_error === REQUEUED_BY_EXPIRY ? ', re-queued on lease expiry' : ''}`).join('; ') : 'the killed worker held no lease',
    );

    // --- Usage counted once ------------------------------------------------------------------
    const unknownRows = usageRows.filter((r) => !ledger.usageSent.has(r.event_id));
    const landedWithoutAnswer = usageRows.filter((r) => !ledger.usage.has(r.event_id)).length;
    const txns = app
      ? await rows<{ reference: string; n: number }>(
          `SELECT reference, count(*)::int AS n FROM ledger_transactions WHERE consumer_app_id = $1 AND kind = 'USAGE' GROUP BY reference`,
          [app.id],
        )
      : [];
    const txnByRef = new Map(txns.map((t) => [t.reference, t]));
    const [{ unbalanced }] = await rows<{ unbalanced: number }>(
      `SELECT count(*)::int AS unbalanced FROM (SELECT e.transaction_id FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.consumer_app_id = $1 GROUP BY e.transaction_id, e.currency HAVING sum(e.amount) <> 0 OR count(*) < 2) x`,
      [app?.id ?? '00000000-0000-0000-0000-000000000000'],
    );
    const notPostedOnce = usageRows.filter((r) => txnByRef.get(`usage:${r.event_id}`)?.n !== 1);
    const postedWithoutEvent = txns.filter((t) => !usageById.has(t.reference.replace(/^usage:/, '')));
    check(
      'usage counted once',
      unknownRows.length === 0 && notPostedOnce.length === 0 && postedWithoutEvent.length === 0 && unbalanced === 0 && ledger.usageRefused.length === 0,
      `${usageRows.length} usage rows for ${ledger.usage.size} acknowledged events (${landedWithoutAnswer} landed without an answer, ${unknownRows.length} never sent); ledger transactions: ${notPostedOnce.length} events not posted exactly once, ${postedWithoutEvent.length} postings without an event, ${unbalanced} unbalanced; ${ledger.usageRefused.length} events answered CONFLICT/REJECTED${sample(ledger.usageRefused)}${sample(notPostedOnce.map((r) => r.event_id))}`,
    );

    const accepted = [...ledger.usage.values()].filter((u) => u.status === 'ACCEPTED').length;
    return {
      checks,
      facts: {
        acknowledgedWrites: { total, kept, percent: pct(kept, total), templates: templateIds.length, saves: ledger.saves.length, previewRequests: ledger.batches.length, previewJobs: ledgerJobs.length, usageEvents: ledger.usage.size },
        jobs: {
          total: jobs.length,
          byState,
          rendered: rendered.length,
          cachedOrFollowed: jobs.filter((j) => j.state === 'SUCCEEDED' && j.cached).length,
          supersededCancelled: superseded.length,
          retried: jobs.filter((j) => j.attempts > 1).length,
          requeuedOnLeaseExpiry: jobs.filter((j) => j.last_error === REQUEUED_BY_EXPIRY).length,
          completionsCounted: done,
          workerDoneLines: doneLines.length,
        },
        usage: { rows: usageRows.length, acknowledged: ledger.usage.size, acceptedAnswers: accepted, duplicateAnswers: ledger.usage.size - accepted, landedWithoutAnswer, neverAnswered: ledger.usageUnanswered.size, ledgerTransactions: txns.reduce((a, t) => a + t.n, 0) },
        saves: { acknowledged: ledger.saves.length, unanswered: ledger.savesUnanswered, foundOnReload: ledger.savesFoundOnReload, finalStatesChecked: finals.length },
      },
    };
  } finally {
    await db.end();
  }
}
