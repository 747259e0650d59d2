import { z } from 'zod';
import { labelled } from './labels.ts';

// How every operation refers to things, declared once. An organization is named by its id (the UI) or
// its full name / 简称 (CLI, imports); a member by id (the UI) or 公民身份号码 (CLI, imports). One
// resolver in services/refs.ts turns either into the record, with one name-normalisation rule
// (docs/architecture.md#references). On the CLI `org` is `--org`, `memberRef`/`idNumber` `--id-number`.

export const text = z.string().max(2000);
export const optText = z.union([text, z.null()]).optional();
export const id = z.number().int().positive();

/** an organization: id or name (full name, else 简称; whitespace and full-width forms ignored) */
export const orgRef = labelled(z.union([id, z.string().min(1).max(200)]), '党组织');
/** a member: id or 公民身份号码 */
export const memberRef = labelled(z.union([id, z.string().min(1).max(40)]), '党员');

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD');
export const isoMonth = z.string().regex(/^\d{4}-\d{2}$/, '应为 YYYY-MM');
export const year = z.number().int().min(1921).max(2200);
/** a period: 2026, 2026-H1, 2026-Q3, 2026-07, or 2026-03-01..2026-05-31 (domain/periods.ts) */
export const period = z.string().min(4).max(30);
/** money in yuan as typed ('45.00', 45): converted to integer fen by the service */
export const yuan = z.union([z.string().max(40), z.number()]).transform(String);
