import type { MigrationInterface, QueryRunner } from 'typeorm';

// A picture for each style LoRA (an uploaded image asset), shown in the studio's LoRA picker the way
// model sites show a sample render next to a LoRA's name. Optional: LoRAs without one show a monogram.
export class AddLoraThumbnails1764118800000 implements MigrationInterface {
  name = 'AddLoraThumbnails1764118800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loras ADD COLUMN thumbnail_asset_id uuid REFERENCES assets(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loras DROP COLUMN thumbnail_asset_id`);
  }
}
