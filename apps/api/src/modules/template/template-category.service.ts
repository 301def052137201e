import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { badInputIssues, inputIssue, notFound, type InputIssue } from '../../common/app-error.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { TemplateCategoryEntity } from './template-category.entity.js';
import type { CreateTemplateCategoryInput, UpdateTemplateCategoryInput } from './template-category.object.js';

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_NAME = 60;
const MAX_POSITION = 10_000;

/** "Business portrait" -> "business-portrait"; "" when nothing is left (a name in Chinese only). */
export function categoryKeyOf(name: string): string {
  return name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

// The category list admins keep, and the check templates use when one is picked.
@Injectable()
export class TemplateCategoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(includeArchived: boolean): Promise<TemplateCategoryEntity[]> {
    const q = this.dataSource.getRepository(TemplateCategoryEntity).createQueryBuilder('c');
    if (!includeArchived) q.where('c.archived_at IS NULL');
    return q.orderBy('c.position', 'ASC').addOrderBy('c.name', 'ASC').getMany();
  }

  /**
   * The issue with picking `category` for a template, or null: it must be on the list and not
   * archived, unless the template already had it (`kept`), like a deprecated LoRA a draft keeps.
   */
  async problemWith(category: string | null, kept: string | null, m: EntityManager = this.dataSource.manager): Promise<InputIssue | null> {
    if (category === null || category === kept) return null;
    const row = await m.findOne(TemplateCategoryEntity, { where: { key: category } });
    if (!row) return inputIssue('category', 'template.categoryUnknown', { category });
    if (row.archivedAt) return inputIssue('category', 'template.categoryArchived', { name: row.name });
    return null;
  }

  async create(user: AuthUser, input: CreateTemplateCategoryInput): Promise<TemplateCategoryEntity> {
    const name = input.name.trim();
    const nameZh = input.nameZh?.trim() ?? '';
    const key = input.key?.trim() ? input.key.trim() : categoryKeyOf(name);
    const issues = checkNames(name, nameZh);
    if (!input.key?.trim() && !key) issues.push(inputIssue('key', 'category.keyRequired'));
    else if (!KEY.test(key)) issues.push(inputIssue('key', 'category.keyInvalid', { key }));
    if (input.position != null) issues.push(...checkPosition(input.position));
    if (issues.length) throw badInputIssues(issues);
    return this.dataSource.transaction(async (m) => {
      if (await m.findOne(TemplateCategoryEntity, { where: { key } })) throw badInputIssues([inputIssue('key', 'category.keyTaken', { key })]);
      const last: Array<{ max: number | null }> = await m.query(`SELECT max(position) AS max FROM template_categories`);
      const saved = await m.save(m.create(TemplateCategoryEntity, { key, name, nameZh, position: input.position ?? (last[0]?.max ?? 0) + 1, archivedAt: null }));
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'category.created', entityType: 'template_category', entityId: key, after: { name, nameZh, position: saved.position } });
      return saved;
    });
  }

  async update(user: AuthUser, input: UpdateTemplateCategoryInput): Promise<TemplateCategoryEntity> {
    const name = input.name == null ? undefined : input.name.trim();
    const nameZh = input.nameZh == null ? undefined : input.nameZh.trim();
    const issues = checkNames(name, nameZh);
    if (input.position != null) issues.push(...checkPosition(input.position));
    if (issues.length) throw badInputIssues(issues);
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOne(TemplateCategoryEntity, { where: { key: input.key }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('Category', input.key);
      const before = { name: row.name, nameZh: row.nameZh, position: row.position, archived: row.archivedAt !== null };
      if (name !== undefined) row.name = name;
      if (nameZh !== undefined) row.nameZh = nameZh;
      if (input.position != null) row.position = input.position;
      if (input.archived != null && input.archived !== (row.archivedAt !== null)) row.archivedAt = input.archived ? new Date() : null;
      const saved = await m.save(row);
      const after = { name: saved.name, nameZh: saved.nameZh, position: saved.position, archived: saved.archivedAt !== null };
      const action = before.archived === after.archived ? 'category.updated' : after.archived ? 'category.archived' : 'category.restored';
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action, entityType: 'template_category', entityId: saved.key, before, after });
      return saved;
    });
  }
}

function checkNames(name: string | undefined, nameZh: string | undefined): InputIssue[] {
  const issues: InputIssue[] = [];
  if (name !== undefined && (name.length < 1 || name.length > MAX_NAME)) issues.push(inputIssue('name', 'category.nameLength', { min: 1, max: MAX_NAME }));
  if (nameZh !== undefined && nameZh.length > MAX_NAME) issues.push(inputIssue('nameZh', 'category.nameZhLength', { max: MAX_NAME }));
  return issues;
}

function checkPosition(position: number): InputIssue[] {
  return position < 0 || position > MAX_POSITION ? [inputIssue('position', 'category.positionRange', { min: 0, max: MAX_POSITION })] : [];
}
