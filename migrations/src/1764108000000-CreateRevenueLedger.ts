import type { MigrationInterface, QueryRunner } from 'typeorm';

// Revenue share: consumer apps (owners of usage:write API keys), per-template agreements, usage and
// refunds reported by apps, a double-entry ledger and designer statements.
//
// The ledger's rules live in the database, so no code path can break them:
// - journal transactions and their entries are append-only (UPDATE, DELETE and TRUNCATE refused);
// - every INSERT statement into ledger_entries must, per transaction and currency, sum to zero with
//   at least two entries, in the account's currency, against an existing transaction and account
//   (checked once per statement over the inserted rows, which costs far less than a row trigger or
//   a foreign key check per entry at ledger volumes); so every transaction sums to zero;
// - balances are materialised in ledger_balances by the same statement trigger, in the same
//   transaction, spread over 8 stripes per account so that concurrent postings (which all touch the
//   platform's account) do not queue on one row; the balance is the sum of the stripes. Only that
//   trigger may write ledger_balances.
// Usage events and journal transactions carry no foreign keys: a key check is a locking lookup
// per row, which at ledger volumes costs more than the row itself, and what they point at
// (consumer apps, published template versions, agreements) is never deleted or changed; the API
// resolves every reference before it writes.
// Sign: an entry's amount is a debit when positive, a credit when negative. A designer's payable
// (what is owed to them) is minus its balance.
export class CreateRevenueLedger1764108000000 implements MigrationInterface {
  name = 'CreateRevenueLedger1764108000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consumer_apps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN consumer_app_id uuid REFERENCES consumer_apps(id)`);
    // Keys that already report usage become their own app (named like the key).
    await q.query(`INSERT INTO consumer_apps (name) SELECT DISTINCT left(name, 80) FROM api_keys WHERE 'usage:write' = ANY(scopes) ON CONFLICT DO NOTHING`);
    await q.query(`UPDATE api_keys k SET consumer_app_id = a.id FROM consumer_apps a WHERE a.name = left(k.name, 80) AND 'usage:write' = ANY(k.scopes)`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_usage_needs_app CHECK (NOT ('usage:write' = ANY(scopes)) OR consumer_app_id IS NOT NULL)`);

    await q.query(`
      CREATE TABLE revenue_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES templates(id),
        designer_share_bps integer NOT NULL CHECK (designer_share_bps BETWEEN 0 AND 10000),
        effective_from timestamptz(3) NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (template_id, effective_from)
      )`);
    await q.query(`
      CREATE TABLE revenue_agreement_authors (
        agreement_id uuid NOT NULL,
        designer_id uuid NOT NULL REFERENCES users(id),
        share_bps integer NOT NULL CHECK (share_bps BETWEEN 1 AND 10000),
        position smallint NOT NULL,
        PRIMARY KEY (agreement_id, designer_id)
      )`);
    await q.query(`CREATE INDEX revenue_agreement_authors_designer_idx ON revenue_agreement_authors (designer_id)`);

    await q.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('APP_RECEIVABLE', 'PLATFORM_REVENUE', 'DESIGNER_PAYABLE', 'PAYOUTS')),
        owner_id uuid,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((kind IN ('APP_RECEIVABLE', 'DESIGNER_PAYABLE')) = (owner_id IS NOT NULL)),
        UNIQUE NULLS NOT DISTINCT (kind, owner_id, currency)
      )`);
    await q.query(`
      CREATE TABLE ledger_transactions (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('USAGE', 'REFUND', 'PAYOUT')),
        consumer_app_id uuid,
        reference text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        transaction_id uuid NOT NULL,
        account_id uuid NOT NULL,
        -- The account's kind, copied (and checked by the trigger) so the index below can leave out
        -- the app and platform lines, which are read through the balances only.
        account_kind text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('USAGE', 'REFUND', 'PAYOUT')),
        amount bigint NOT NULL CHECK (amount <> 0),
        currency text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        template_version_id uuid,
        -- For usage and refund lines: the event's gross or the refund this line was split from.
        basis_minor bigint
      )`);
    // Designers' statements, earnings and recent usage read only this index (index-only scans).
    // Entries have no primary key: nothing ever looks one up alone, and every index costs inserts.
    await q.query(`CREATE INDEX ledger_entries_designer_time_idx ON ledger_entries (account_id, occurred_at) INCLUDE (kind, amount, template_version_id, basis_minor) WHERE account_kind = 'DESIGNER_PAYABLE'`);
    await q.query(`
      CREATE TABLE ledger_balances (
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        stripe smallint NOT NULL CHECK (stripe BETWEEN 0 AND 7),
        balance bigint NOT NULL,
        PRIMARY KEY (account_id, stripe)
      )`);

    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
      END $$`);
    for (const table of ['ledger_transactions', 'ledger_entries', 'revenue_agreements', 'revenue_agreement_authors']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }

    await q.query(`
      CREATE FUNCTION ledger_entries_post() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT transaction_id, currency, sum(amount) AS total, count(*) AS n INTO bad
          FROM posted GROUP BY transaction_id, currency HAVING sum(amount) <> 0 OR count(*) < 2 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in %: % entries summing to %', bad.transaction_id, bad.currency, bad.n, bad.total;
        END IF;
        SELECT p.transaction_id INTO bad FROM (SELECT DISTINCT transaction_id FROM posted) p LEFT JOIN ledger_transactions t ON t.id = p.transaction_id WHERE t.id IS NULL LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entries name a transaction that does not exist (%)', bad.transaction_id;
        END IF;
        SELECT p.account_id, p.currency, p.account_kind INTO bad FROM posted p LEFT JOIN ledger_accounts a ON a.id = p.account_id
          WHERE a.id IS NULL OR a.currency <> p.currency OR a.kind <> p.account_kind LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entry for account % (%, %) names no such account', bad.account_id, bad.account_kind, bad.currency;
        END IF;
        INSERT INTO ledger_balances (account_id, stripe, balance)
          SELECT account_id, (txid_current() % 8)::smallint, sum(amount) FROM posted GROUP BY account_id ORDER BY account_id
          ON CONFLICT (account_id, stripe) DO UPDATE SET balance = ledger_balances.balance + EXCLUDED.balance;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_post AFTER INSERT ON ledger_entries REFERENCING NEW TABLE AS posted FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_post()`);
    await q.query(`
      CREATE FUNCTION ledger_balances_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'ledger_balances is kept by the ledger itself: post entries instead';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_balances_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_balances FOR EACH ROW EXECUTE FUNCTION ledger_balances_guard()`);
    await q.query(`CREATE TRIGGER ledger_balances_no_truncate BEFORE TRUNCATE ON ledger_balances FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);

    await q.query(`
      CREATE TABLE usage_events (
        consumer_app_id uuid NOT NULL,
        event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
        template_version_id uuid NOT NULL,
        template_id uuid NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        gross_minor bigint NOT NULL CHECK (gross_minor > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        order_ref text CHECK (length(order_ref) <= 200),
        agreement_id uuid NOT NULL,
        refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor BETWEEN 0 AND gross_minor),
        transaction_id uuid NOT NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_app_id, event_id)
      )`);
    // Only the refunded total of an event ever changes.
    await q.query(`
      CREATE FUNCTION usage_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - 'refunded_minor') IS DISTINCT FROM (to_jsonb(OLD) - 'refunded_minor') THEN
          RAISE EXCEPTION 'usage event %/% is recorded for good: only its refunded total may change', OLD.consumer_app_id, OLD.event_id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER usage_events_guard BEFORE UPDATE OR DELETE ON usage_events FOR EACH ROW EXECUTE FUNCTION usage_events_guard()`);
    await q.query(`
      CREATE TABLE usage_refunds (
        consumer_app_id uuid NOT NULL,
        refund_id text NOT NULL CHECK (length(refund_id) BETWEEN 1 AND 200),
        event_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        transaction_id uuid NOT NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_app_id, refund_id),
        FOREIGN KEY (consumer_app_id, event_id) REFERENCES usage_events (consumer_app_id, event_id)
      )`);
    await q.query(`CREATE TRIGGER usage_refunds_append_only BEFORE UPDATE OR DELETE ON usage_refunds FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    await q.query(`
      CREATE TABLE designer_statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        designer_id uuid NOT NULL REFERENCES users(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        paid_at timestamptz(3),
        paid_by uuid REFERENCES users(id),
        payout_reference text CHECK (length(payout_reference) BETWEEN 1 AND 200),
        payout_minor bigint,
        payout_transaction_id uuid,
        UNIQUE (designer_id, month, currency),
        CHECK ((paid_at IS NULL) = (payout_transaction_id IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE designer_statements`);
    await q.query(`DROP TABLE usage_refunds`);
    await q.query(`DROP TABLE usage_events`);
    await q.query(`DROP FUNCTION usage_events_guard()`);
    await q.query(`DROP TABLE ledger_balances`);
    await q.query(`DROP FUNCTION ledger_balances_guard()`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_post()`);
    await q.query(`DROP TABLE ledger_transactions`);
    await q.query(`DROP TABLE ledger_accounts`);
    await q.query(`DROP TABLE revenue_agreement_authors`);
    await q.query(`DROP TABLE revenue_agreements`);
    await q.query(`DROP FUNCTION ledger_append_only()`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_usage_needs_app`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN consumer_app_id`);
    await q.query(`DROP TABLE consumer_apps`);
  }
}
