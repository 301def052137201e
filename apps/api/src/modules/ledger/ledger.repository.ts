import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

// The only file of the ledger module that writes journal rows. Postings go in as whole sets (one
// statement for the transactions, one for all their entries), which is what lets the database's
// statement trigger check that each transaction sums to zero and keep the balances, and what makes
// thousands of events a second possible.

export type AccountKind = 'APP_RECEIVABLE' | 'PLATFORM_REVENUE' | 'DESIGNER_PAYABLE' | 'PAYOUTS';
export type PostingKind = 'USAGE' | 'REFUND' | 'PAYOUT';

export interface AccountKey {
  kind: AccountKind;
  ownerId: string | null;
  currency: string;
}

export interface LedgerEntryInput {
  accountId: string;
  /** Positive = debit, negative = credit; never 0. */
  amount: number;
  templateVersionId: string | null;
  basisMinor: number | null;
}

export interface Posting {
  id: string;
  kind: PostingKind;
  consumerAppId: string | null;
  reference: string;
  occurredAt: Date;
  currency: string;
  entries: LedgerEntryInput[];
}

/**
 * A UUID whose first 48 bits are the time in ms (the UUID version 7 layout): journal rows of one
 * moment land next to each other in the primary key's index instead of all over it.
 */
export function timeOrderedUuid(now = Date.now()): string {
  // randomUUID draws from a pooled buffer (cheap); its first 48 bits are replaced by the time.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

function accountCacheKey(k: AccountKey): string {
  return `${k.kind}:${k.ownerId ?? ''}:${k.currency}`;
}

@Injectable()
export class LedgerRepository {
  // Accounts are never deleted or changed, so their ids are kept for the life of the process.
  private readonly accountIds = new Map<string, string>();
  private readonly accountKinds = new Map<string, AccountKind>();

  constructor(private readonly dataSource: DataSource) {}

  /** Ids of the accounts, created on first use (in their own statements, outside any posting's transaction). */
  async accounts(keys: readonly AccountKey[]): Promise<Map<string, string>> {
    const missing = [...new Map(keys.filter((k) => !this.accountIds.has(accountCacheKey(k))).map((k) => [accountCacheKey(k), k])).values()];
    if (missing.length) {
      const params = [missing.map((k) => k.kind), missing.map((k) => k.ownerId), missing.map((k) => k.currency)];
      await this.dataSource.query(
        `INSERT INTO ledger_accounts (kind, owner_id, currency) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[]) ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING`,
        params,
      );
      const rows: Array<{ id: string; kind: AccountKind; owner_id: string | null; currency: string }> = await this.dataSource.query(
        `SELECT a.id, a.kind, a.owner_id, a.currency FROM ledger_accounts a
         JOIN unnest($1::text[], $2::uuid[], $3::text[]) AS k(kind, owner_id, currency)
           ON a.kind = k.kind AND a.owner_id IS NOT DISTINCT FROM k.owner_id AND a.currency = k.currency`,
        params,
      );
      for (const r of rows) {
        this.accountIds.set(accountCacheKey({ kind: r.kind, ownerId: r.owner_id, currency: r.currency }), r.id);
        this.accountKinds.set(r.id, r.kind);
      }
    }
    return new Map(keys.map((k) => [accountCacheKey(k), this.accountIds.get(accountCacheKey(k))!]));
  }

  accountId(accounts: Map<string, string>, key: AccountKey): string {
    const id = accounts.get(accountCacheKey(key));
    if (!id) throw new Error(`account ${accountCacheKey(key)} was not resolved`);
    return id;
  }

  /**
   * Writes the transactions and all their entries: two statements whatever their number. Rows go
   * in as one JSON document each (json_to_recordset), which costs far less to build and send than
   * a driver-escaped array per column.
   */
  async post(m: EntityManager, postings: readonly Posting[]): Promise<void> {
    if (!postings.length) return;
    await m.query(
      `INSERT INTO ledger_transactions (id, kind, consumer_app_id, reference, occurred_at)
       SELECT id, kind, app, ref, at FROM json_to_recordset($1::json) AS x(id uuid, kind text, app uuid, ref text, at timestamptz)`,
      [JSON.stringify(postings.map((p) => ({ id: p.id, kind: p.kind, app: p.consumerAppId, ref: p.reference, at: p.occurredAt.toISOString() })))],
    );
    const entries: Array<{ t: string; a: string; ak: string; k: string; m: number; c: string; at: string; v: string | null; b: number | null }> = [];
    for (const p of postings) {
      const at = p.occurredAt.toISOString();
      for (const e of p.entries) {
        if (e.amount === 0) continue;
        entries.push({ t: p.id, a: e.accountId, ak: this.accountKinds.get(e.accountId) ?? 'UNKNOWN', k: p.kind, m: e.amount, c: p.currency, at, v: e.templateVersionId, b: e.basisMinor });
      }
    }
    await m.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, account_kind, kind, amount, currency, occurred_at, template_version_id, basis_minor)
       SELECT t, a, ak, k, m, c, at, v, b FROM json_to_recordset($1::json) AS x(t uuid, a uuid, ak text, k text, m bigint, c text, at timestamptz, v uuid, b bigint)`,
      [JSON.stringify(entries)],
    );
  }

  /** An account's balance (debits minus credits), from its materialised stripes. */
  async balance(m: EntityManager, accountId: string): Promise<number> {
    const [row]: Array<{ balance: string | null }> = await m.query(`SELECT sum(balance) AS balance FROM ledger_balances WHERE account_id = $1`, [accountId]);
    return Number(row?.balance ?? 0);
  }
}
