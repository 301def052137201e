import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type UserRole = 'DESIGNER' | 'REVIEWER' | 'ADMIN';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { array: true }) roles: UserRole[];
  @Column('boolean') disabled: boolean;
  /** False for an invited account until its one-time link sets a password. */
  @Column('boolean', { name: 'password_set', default: true }) passwordSet: boolean;
  /** Raised to end every session at once; each token carries the version it was issued under. */
  @Column('integer', { name: 'token_version', default: 0 }) tokenVersion: number;
  /** The studio language they chose (en or zh-CN); null until they choose. */
  @Column('text', { nullable: true }) locale: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
