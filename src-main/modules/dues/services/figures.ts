import { sql } from 'kysely';
import type { FigureRecord, FigureValue } from '../../../domain/figures.ts';
import { percent } from '../../../domain/figures.ts';
import { formatFen } from '../../../domain/money.ts';
import { inPeriod, parsePeriod } from '../../../domain/periods.ts';
import type { FigureQuery, Tx } from '../../../services/context.ts';

// The dues figures (docs/domain/report.md#dues), read from the same tables the dues sheets are made from:
// the month cells (实交/应交 by the month the dues are for), the remittance and 下拨 records by the day the
// money moved (as the accounts count them: docs/domain/dues.md#accounts-across-levels). Each organization's
// own records, summed over the subtree.

const scope = (q: FigureQuery) => JSON.stringify(q.orgIds);

interface Remittance {
  id: number;
  org: string;
  period: string;
  amount_fen: number;
  to_org: string | null;
  paid_on: string;
  recorded_at: string;
}

async function remittances(db: Tx, q: FigureQuery): Promise<Remittance[]> {
  const { rows } = await sql<Remittance>`
    SELECT r.id, o.name AS org, r.period, r.amount_fen, r.to_org, r.paid_on, r.recorded_at
    FROM dues_remittances r JOIN orgs o ON o.id = r.org_id
    WHERE r.org_id IN (SELECT value FROM json_each(${scope(q)})) AND r.paid_on BETWEEN ${q.period.start} AND ${q.period.end}
    ORDER BY r.paid_on, r.id`.execute(db);
  return rows.filter((r) => inPeriod(q.period, r.paid_on));
}

interface Allocation {
  id: number;
  org: string;
  to_org: string | null;
  category: string;
  amount_fen: number;
  spent_on: string;
  recorded_at: string;
}

async function allocations(db: Tx, q: FigureQuery): Promise<Allocation[]> {
  const { rows } = await sql<Allocation>`
    SELECT s.id, o.name AS org, t.name AS to_org, s.category, s.amount_fen, s.spent_on, s.recorded_at
    FROM dues_spending s JOIN orgs o ON o.id = s.org_id LEFT JOIN orgs t ON t.id = s.to_org_id
    WHERE s.kind = '下拨' AND s.org_id IN (SELECT value FROM json_each(${scope(q)})) AND s.spent_on BETWEEN ${q.period.start} AND ${q.period.end}
    ORDER BY s.spent_on, s.id`.execute(db);
  return rows.filter((r) => inPeriod(q.period, r.spent_on));
}

export async function computeDuesFigures(db: Tx, q: FigureQuery): Promise<FigureValue[]> {
  const { rows } = await sql<{ due: number | null; paid: number | null }>`
    SELECT sum(due_fen) AS due, sum(paid_fen) AS paid FROM dues_months INDEXED BY dues_months_org
    WHERE org_id IN (SELECT value FROM json_each(${scope(q)})) AND month BETWEEN ${q.period.from} AND ${q.period.to}`.execute(db);
  const due = rows[0]?.due ?? 0;
  const paid = rows[0]?.paid ?? 0;
  const [rem, alloc] = await Promise.all([remittances(db, q), allocations(db, q)]);
  return [
    { key: 'duesCollected', value: paid },
    { key: 'duesRemitted', value: rem.reduce((s, r) => s + r.amount_fen, 0) },
    { key: 'duesAllocated', value: alloc.reduce((s, r) => s + r.amount_fen, 0) },
    { key: 'duesCollectionRate', value: percent(paid, due) },
  ];
}

/** the records of a figure; `since`: only those recorded after then */
export async function explainDuesFigure(db: Tx, q: FigureQuery, f: { key: string }, since?: string): Promise<FigureRecord[]> {
  if (f.key === 'duesRemitted') {
    return (await remittances(db, q)).filter((r) => !since || r.recorded_at > since).map((r) => ({
      kind: '上缴', id: r.id, date: r.paid_on, org: r.org, amountFen: r.amount_fen, recordedAt: r.recorded_at,
      title: `上缴${parsePeriod(r.period).label}党费 ${formatFen(r.amount_fen)} 元${r.to_org ? `（至${r.to_org}）` : ''}`,
    }));
  }
  if (f.key === 'duesAllocated') {
    return (await allocations(db, q)).filter((r) => !since || r.recorded_at > since).map((r) => ({
      kind: '下拨', id: r.id, date: r.spent_on, org: r.org, amountFen: r.amount_fen, recordedAt: r.recorded_at,
      title: `下拨${r.to_org ? `至${r.to_org}` : ''} ${formatFen(r.amount_fen)} 元（${r.category}）`,
    }));
  }
  // the members' month cells of the period, one record per member and organization (since a time: only
  // the members with payments recorded after it, looked up by member)
  const { rows } = await sql<{ member_id: number; name: string; org: string; months: number; due: number; paid: number; paid_on: string | null; recorded_at: string | null }>`
    WITH recorded AS (
      SELECT member_id, org_id, max(recorded_at) AS recorded_at FROM dues_payments
      WHERE org_id IN (SELECT value FROM json_each(${scope(q)})) ${since ? sql`AND recorded_at > ${since}` : sql``}
      GROUP BY member_id, org_id),
    cells AS (
      SELECT d.member_id, d.org_id, count(*) AS months, sum(d.due_fen) AS due, sum(d.paid_fen) AS paid, max(d.paid_on) AS paid_on
      FROM dues_months d ${since ? sql`` : sql`INDEXED BY dues_months_org`}
      WHERE d.org_id IN (SELECT value FROM json_each(${scope(q)})) AND d.month BETWEEN ${q.period.from} AND ${q.period.to}
        ${since ? sql`AND d.member_id IN (SELECT member_id FROM recorded)` : sql``}
      GROUP BY d.member_id, d.org_id)
    SELECT c.member_id, m.name, o.name AS org, c.months, c.due, c.paid, c.paid_on, r.recorded_at
    FROM cells c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id
      ${since ? sql`JOIN` : sql`LEFT JOIN`} recorded r ON r.member_id = c.member_id AND r.org_id = c.org_id
    ORDER BY o.path, m.name_pinyin, c.member_id`.execute(db);
  const list = f.key === 'duesCollected' ? rows.filter((r) => r.paid !== 0) : rows;
  return list.map((r) => ({
    kind: '党费',
    id: r.member_id,
    date: r.paid_on,
    org: r.org,
    amountFen: r.paid,
    recordedAt: r.recorded_at,
    title: f.key === 'duesCollected'
      ? `${r.name} 实交 ${formatFen(r.paid)} 元（${r.months}个月）`
      : `${r.name} 应交 ${formatFen(r.due)} 元，实交 ${formatFen(r.paid)} 元（${r.months}个月）`,
  }));
}
