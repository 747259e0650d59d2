import Database from 'better-sqlite3';
import { computeArrears } from '../src-main/services/dues/arrears.ts';
const db = new Database(process.argv[2]);

console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open WHERE status IN ('未交', '部分') AND month <= ?`).all('x'));
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT org_id, COUNT(DISTINCT member_id) AS members, SUM(due_fen) AS due, SUM(paid_fen) AS paid, SUM(CASE WHEN month <= ? AND status IN ('未交', '部分') THEN due_fen - paid_fen ELSE 0 END) AS arrears FROM dues_months INDEXED BY dues_months_org WHERE month BETWEEN ? AND ? GROUP BY org_id`).all('a', 'b', 'c'));
const cpu = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); console.log(label, ((d.user + d.system) / 1000).toFixed(0), 'ms CPU'); };
for (let k = 0; k < 2; k++) {
cpu('open', () => db.prepare(`SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open WHERE status IN ('未交', '部分') AND month <= ?`).raw().all('2023-12'));
cpu('computeArrears Dec', () => computeArrears(db as never, { asOf: '2023-12' }));
cpu('computeArrears Nov', () => computeArrears(db as never, { asOf: '2023-11' }));
}
