import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ApiKeyScope = 'catalog:read' | 'usage:write' | 'render';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') prefix: string;
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('text', { array: true }) scopes: ApiKeyScope[];
  // The consumer app the key belongs to (required for usage:write: usage is deduplicated per app,
  // so a rotated key keeps reporting into the same app; and for render: end users' identities belong to the app).
  @Column('uuid', { name: 'consumer_app_id', nullable: true }) consumerAppId: string | null;
  // Requests per minute this key may make; null: the deployment's default (API_KEY_RATE_LIMIT_PER_MINUTE).
  @Column('integer', { name: 'rate_limit_per_minute', nullable: true }) rateLimitPerMinute: number | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
