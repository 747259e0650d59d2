import fs from 'node:fs';
import v8 from 'node:v8';
import { analyseBytes } from './src-main/import/analyse-file.ts';
const bytes = new Uint8Array(fs.readFileSync(process.argv[2]));
const a = await analyseBytes(bytes, 'x.xlsx', { today: '2025-06-30' });
(globalThis as any).gc?.();
const h = process.memoryUsage();
console.log('rows', a.rows.length, 'heapUsed', (h.heapUsed / 1e6).toFixed(0), 'rss', (h.rss / 1e6).toFixed(0), 'ext', (h.external / 1e6).toFixed(0), 'ab', (h.arrayBuffers/1e6).toFixed(0), 'maxrss', (process.resourceUsage().maxRSS / 1024).toFixed(0));
