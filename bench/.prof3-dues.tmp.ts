import Database from 'better-sqlite3';
import { computeArrears } from '../src-main/services/dues/arrears.ts';
const db = new Database(process.argv[2]);
const cpu = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); console.log(label, ((d.user + d.system) / 1000).toFixed(0), 'ms CPU'); };
const asOf = '2023-12';
for (let k = 0; k < 2; k++) {
cpu('open', () => db.prepare(`SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open WHERE status IN ('未交', '部分') AND month <= ?`).raw().all(asOf));
cpu('tail', () => db.prepare(`SELECT m.id FROM members m WHERE m.roll = '在册' AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?) AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?)`).raw().all(asOf, asOf));
cpu('members', () => db.prepare(`SELECT id, name, id_number, org_id, name_pinyin, joined_on, left_on FROM members WHERE roll = '在册'`).all());
cpu('firstStd json', () => { const ids = JSON.stringify(Array.from({ length: 100000 }, (_, i) => i + 1)); return db.prepare(`SELECT member_id, MIN(from_month) FROM dues_standards WHERE member_id IN (SELECT value FROM json_each(?)) GROUP BY member_id`).raw().all(ids); });
cpu('firstStd all', () => db.prepare(`SELECT member_id, MIN(from_month) FROM dues_standards GROUP BY member_id`).raw().all());
cpu('computeArrears Dec', () => computeArrears(db as never, { asOf }));
cpu('computeArrears Nov', () => computeArrears(db as never, { asOf: '2023-11' }));
}
