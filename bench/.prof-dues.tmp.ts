import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { computeArrears } from '../src-main/services/dues/arrears.ts';
import { yearSummary } from '../src-main/services/dues/ledger-views.ts';
const db = new Database(process.argv[2]);
const t = (label: string, fn: () => unknown) => { const s = performance.now(); const r = fn(); console.log(label, (performance.now() - s).toFixed(0), 'ms', Array.isArray(r) ? r.length : ''); return r; };
const asOf = '2023-12';
t('members scan', () => db.prepare(`SELECT m.id, m.name, m.id_number, m.org_id, o.name AS org, o.path || m.name_pinyin AS sort, m.joined_on, m.left_on,
        (SELECT MIN(from_month) FROM dues_standards s WHERE s.member_id = m.id) AS first_std
      FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.roll = '在册'`).all());
t('open iterate', () => { let n = 0; for (const r of db.prepare(`SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open WHERE status IN ('未交', '部分') AND month <= ?`).raw().iterate(asOf)) n++; return n; });
t('tail', () => db.prepare(`SELECT m.id FROM members m WHERE m.roll = '在册' AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?) AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?)`).all(asOf, asOf));
t('computeArrears Dec', () => computeArrears(db as never, { asOf }));
t('computeArrears Nov', () => computeArrears(db as never, { asOf: '2023-11' }));
t('agg', () => db.prepare(`SELECT org_id, COUNT(DISTINCT member_id) AS members, SUM(due_fen) AS due, SUM(paid_fen) AS paid,
      SUM(CASE WHEN month <= ? AND status IN ('未交', '部分') THEN due_fen - paid_fen ELSE 0 END) AS arrears
      FROM dues_months INDEXED BY dues_months_org WHERE month BETWEEN ? AND ? GROUP BY org_id`).all(asOf, '2023-01', '2023-12'));
t('yearSummary', () => yearSummary(db as never, { year: 2023, today: '2023-12-20' }));
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open WHERE status IN ('未交', '部分') AND month <= ?`).all('x'));
