import { writeRoster } from './tests/unit/import-roster.ts';
await writeRoster('/tmp/imp/r200k.xlsx', 200000);
