import { writeRoster, rosterRow } from './tests/unit/import-roster.ts';
const ids = new Set<string>();
for (let i = 0; i < 200000; i++) ids.add(rosterRow(i).idNumber);
console.log('unique', ids.size);
await writeRoster('/tmp/imp/r50k.xlsx', 50000);
