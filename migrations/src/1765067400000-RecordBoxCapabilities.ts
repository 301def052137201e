import type { MigrationInterface, QueryRunner } from 'typeorm';

// Models known before leasing. A worker reports what its GPU box has (ComfyUI's node classes, model
// files per folder, GPUs): `capabilities` keeps the report for the admin Workers page, `reach` what
// the API derived from it at that heartbeat (per base model, the node classes of compiled graphs the
// box can run, loaders only where it lists their file), which is what leasing reads. Both null for
// workers that never report (older workers, the draft backend): they are leased to as before.
// A job records the node classes of its compiled graph (`node_classes`); jobs already queued or
// running get the classes every compiled graph has, and the ControlNet's when their spec has a pose,
// so a box without the checkpoint is not offered them either.
export class RecordBoxCapabilities1765067400000 implements MigrationInterface {
  name = 'RecordBoxCapabilities1765067400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workers ADD COLUMN capabilities jsonb, ADD COLUMN reach jsonb`);
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN node_classes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE preview_jobs j
         SET node_classes = ARRAY['CheckpointLoaderSimple', 'LoraLoader', 'CLIPTextEncode', 'KSampler', 'VAEDecode', 'SaveImage']
           || CASE WHEN jsonb_typeof(s.spec -> 'pose') = 'object' THEN ARRAY['ControlNetLoader', 'ControlNetApplyAdvanced', 'LoadImage'] ELSE ARRAY[]::text[] END
        FROM preview_specs s
       WHERE s.spec_hash = j.spec_hash AND j.backend = 'comfyui' AND j.state IN ('QUEUED', 'LEASED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN node_classes`);
    await q.query(`ALTER TABLE workers DROP COLUMN reach, DROP COLUMN capabilities`);
  }
}
