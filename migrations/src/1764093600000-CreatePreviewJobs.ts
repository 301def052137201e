import type { MigrationInterface, QueryRunner } from 'typeorm';

// The GPU pool's queue: batches of preview jobs (one per spec hash x subject x seed x backend),
// and the workers that lease them.
export class CreatePreviewJobs1764093600000 implements MigrationInterface {
  name = 'CreatePreviewJobs1764093600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE preview_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL REFERENCES template_versions(id),
        spec_hash text NOT NULL,
        priority text NOT NULL CHECK (priority IN ('REVIEW','INTERACTIVE','BULK')),
        requested_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE preview_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL REFERENCES preview_batches(id),
        version_id uuid NOT NULL REFERENCES template_versions(id),
        template_id uuid NOT NULL REFERENCES templates(id),
        designer_id uuid NOT NULL REFERENCES users(id),
        spec_hash text NOT NULL,
        revision integer NOT NULL,
        subject_id uuid NOT NULL REFERENCES preview_subjects(id),
        seed bigint NOT NULL CHECK (seed >= 0),
        backend text NOT NULL CHECK (backend IN ('comfyui','draft')),
        base_model text NOT NULL CHECK (base_model IN ('sd15','sdxl')),
        lora_key text NOT NULL,
        priority text NOT NULL CHECK (priority IN ('REVIEW','INTERACTIVE','BULK')),
        state text NOT NULL CHECK (state IN ('QUEUED','LEASED','SUCCEEDED','FAILED','CANCELLED','DEAD')),
        cached boolean NOT NULL DEFAULT false,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 3,
        available_at timestamptz(3) NOT NULL DEFAULT now(),
        lease_id uuid,
        ended_lease_id uuid,
        leased_by uuid REFERENCES worker_tokens(id),
        lease_expires_at timestamptz(3),
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        last_error text,
        output_asset_id uuid REFERENCES assets(id),
        thumbnail_asset_id uuid REFERENCES assets(id),
        source_job_id uuid REFERENCES preview_jobs(id),
        gpu_ms integer,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        finished_at timestamptz(3),
        CHECK ((state = 'LEASED') = (lease_id IS NOT NULL AND lease_expires_at IS NOT NULL))
      )`);
    // The leasing window, in the lease query's own order (priority rank, then age), so a lease reads
    // the first rows of an index instead of sorting the whole queue.
    await q.query(`
      CREATE INDEX preview_jobs_lease_window_idx ON preview_jobs
        (backend, (CASE priority WHEN 'REVIEW' THEN 0 WHEN 'INTERACTIVE' THEN 1 ELSE 2 END), available_at, created_at)
        WHERE state = 'QUEUED' AND source_job_id IS NULL`);
    // Jobs following an identical render, found when that render ends.
    await q.query(`CREATE INDEX preview_jobs_followers_idx ON preview_jobs (source_job_id) WHERE source_job_id IS NOT NULL`);
    await q.query(`CREATE INDEX preview_jobs_lease_expiry_idx ON preview_jobs (lease_expires_at) WHERE state = 'LEASED'`);
    await q.query(`CREATE INDEX preview_jobs_batch_idx ON preview_jobs (batch_id)`);
    await q.query(`CREATE INDEX preview_jobs_version_idx ON preview_jobs (version_id, state)`);
    // Dedup: at most one rendered (non-cached) result per render key.
    await q.query(`CREATE UNIQUE INDEX preview_jobs_render_key ON preview_jobs (spec_hash, subject_id, seed, backend) WHERE state = 'SUCCEEDED' AND NOT cached`);

    await q.query(`
      CREATE TABLE workers (
        token_id uuid PRIMARY KEY REFERENCES worker_tokens(id),
        backend text NOT NULL CHECK (backend IN ('comfyui','draft')),
        base_models text[] NOT NULL,
        vram_mb integer,
        loaded_checkpoint text,
        loaded_lora_key text,
        cached_lora_hashes text[] NOT NULL DEFAULT '{}',
        jobs_done integer NOT NULL DEFAULT 0,
        gpu_ms bigint NOT NULL DEFAULT 0,
        last_heartbeat_at timestamptz(3) NOT NULL DEFAULT now(),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workers`);
    await q.query(`DROP TABLE preview_jobs`);
    await q.query(`DROP TABLE preview_batches`);
  }
}
