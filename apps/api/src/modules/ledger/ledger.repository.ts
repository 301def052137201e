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

function accountCacheKey(k: AccountKey): string {
  return `${k.kind}:${k.ownerId ?? ''}:${k.currency}`;
}

@Injectable()
export class LedgerRepository {
  // Accounts are never deleted or changed, so their ids are kept for the life of the process.
  private readonly accountIds = new Map<string, string>();

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
      for (const r of rows) this.accountIds.set(accountCacheKey({ kind: r.kind, ownerId: r.owner_id, currency: r.currency }), r.id);
    }
    return new Map(keys.map((k) => [accountCacheKey(k), this.accountIds.get(accountCacheKey(k))!]));
  }

  accountId(accounts: Map<string, string>, key: AccountKey): string {
    const id = accounts.get(accountCacheKey(key));
    if (!id) throw new Error(`account ${accountCacheKey(key)} was not resolved`);
    return id;
  }

  /** Writes the transactions and all their entries: two statements whatever their number. */
  async post(m: EntityManager, postings: readonly Posting[]): Promise<void> {
    if (!postings.length) return;
    await m.query(
      `INSERT INTO ledger_transactions (id, kind, consumer_app_id, reference, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[])`,
      [postings.map((p) => p.id), postings.map((p) => p.kind), postings.map((p) => p.consumerAppId), postings.map((p) => p.reference), postings.map((p) => p.occurredAt.toISOString())],
    );
    const cols = { tx: [] as string[], account: [] as string[], kind: [] as string[], amount: [] as string[], currency: [] as string[], at: [] as string[], version: [] as Array<string | null>, basis: [] as Array<string | null> };
    for (const p of postings) {
      const at = p.occurredAt.toISOString();
      for (const e of p.entries) {
        if (e.amount === 0) continue;
        cols.tx.push(p.id);
        cols.account.push(e.accountId);
        cols.kind.push(p.kind);
        cols.amount.push(String(e.amount));
        cols.currency.push(p.currency);
        cols.at.push(at);
        cols.version.push(e.templateVersionId);
        cols.basis.push(e.basisMinor === null ? null : String(e.basisMinor));
      }
    }
    await m.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, kind, amount, currency, occurred_at, template_version_id, basis_minor)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::uuid[], $8::bigint[])`,
      [cols.tx, cols.account, cols.kind, cols.amount, cols.currency, cols.at, cols.version, cols.basis],
    );
  }

  /** An account's balance (debits minus credits), from its materialised stripes. */
  async balance(m: EntityManager, accountId: string): Promise<number> {
    const [row]: Array<{ balance: string | null }> = await m.query(`SELECT sum(balance) AS balance FROM ledger_balances WHERE account_id = $1`, [accountId]);
    return Number(row?.balance ?? 0);
  }
}
