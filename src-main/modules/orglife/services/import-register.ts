import { AppError, isAppError } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { fromExcelSerial } from '../../../domain/partial-date.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { readSpreadsheet, type CellValue, type GridRow, type GridSheet } from '../../../excel/read/index.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { resolveOrg, type OrgRow } from '../../../services/refs.ts';
import { parseAbsentees, parseDayText, parseTimeRange } from '../domain/register-text.ts';
import { findType } from '../domain/types.ts';
import type { ImportColumnDto, ImportPreviewDto, ImportRowDto } from '../contract.ts';
import { insertActivity, prepareActivity, type AddInput, type Prepared } from './activities.ts';
import { expectedFor } from './attendees.ts';
import { inTx, loadTypes } from './common.ts';

// Batch entry of a quarter's worth from the register clerks already keep (docs/domain/org-life.md#batch-entry).
// The file is read by the shared spreadsheet readers (excel/read: xlsx, xls, csv in UTF-8 or GB18030,
// merged cells); the header row is found and mapped here with this register's own headings, the clerk
// may correct the mapping, and every row goes through the same checks as one activity entered by hand.
// The commit is one transaction: every row or none.

export const IMPORT_FIELDS: { key: string; label: string; aliases: string[] }[] = [
  { key: 'org', label: '党组织', aliases: ['党组织', '党支部', '支部', '组织名称', '所在党组织', '党组织名称', '单位'] },
  { key: 'type', label: '活动类型', aliases: ['类型', '会议类型', '活动类型', '类别', '会议类别', '活动形式'] },
  { key: 'date', label: '日期', aliases: ['日期', '会议日期', '活动日期', '开展日期', '召开日期', '时间日期'] },
  { key: 'time', label: '时间', aliases: ['时间', '起止时间', '会议时间', '活动时间', '开展时间'] },
  { key: 'topic', label: '主题/议题', aliases: ['主题/议题', '主题', '议题', '会议主题', '活动主题', '会议议题', '学习内容', '主题议题'] },
  { key: 'firstTopic', label: '第一议题', aliases: ['第一议题内容', '第一议题', '第一议题学习内容'] },
  { key: 'chairLecturer', label: '主持人/主讲人', aliases: ['主持人/主讲人', '主持人(主讲人)', '主持人、主讲人', '主持人主讲人'] },
  { key: 'chair', label: '主持人', aliases: ['主持人', '主持'] },
  { key: 'lecturer', label: '主讲人', aliases: ['主讲人', '授课人', '讲课人', '主讲'] },
  { key: 'recorder', label: '记录人', aliases: ['记录人', '记录'] },
  { key: 'place', label: '地点', aliases: ['地点', '会议地点', '活动地点'] },
  { key: 'absent', label: '缺席人员及原因', aliases: ['缺席人员及原因', '缺席人员', '缺席情况', '请假人员', '缺席及请假人员', '未参加人员'] },
  { key: 'guests', label: '列席人员', aliases: ['列席人员', '列席'] },
  { key: 'expected', label: '应到', aliases: ['应到', '应到人数'] },
  { key: 'present', label: '实到', aliases: ['实到', '实到人数', '参加人数'] },
  { key: 'hours', label: '学时', aliases: ['学时', '学习学时'] },
  { key: 'tags', label: '专题标签', aliases: ['专题', '专题标签', '标签'] },
  { key: 'content', label: '会议内容', aliases: ['会议内容', '主要内容', '内容', '会议记录'] },
  { key: 'decisions', label: '决议事项', aliases: ['决议事项', '决议', '形成决定'] },
];
const IGNORED = ['序号', '备注', '编号'];

/** headings are compared without whitespace, markers or bracketed hints: 类型（党员大会/支委会…） = 类型 */
export function headingKey(raw: unknown): string {
  return String(raw ?? '')
    .normalize('NFKC')
    .replace(/\([^)]*\)$/u, (m) => (/^\((主讲人|必填|选填)\)$/.test(m) ? m : ''))
    .replace(/[\s*※:]/gu, '')
    .toUpperCase();
}

const ALIAS = new Map<string, string>();
for (const f of IMPORT_FIELDS) for (const a of f.aliases) if (!ALIAS.has(headingKey(a))) ALIAS.set(headingKey(a), f.key);
for (const a of IGNORED) ALIAS.set(headingKey(a), '');

const text = (v: CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.date;
  return String(v).trim();
};

interface Header {
  row: number;
  columns: ImportColumnDto[];
}

/** the first of the top 30 rows where at least 3 cells name a register field */
function findHeader(sheet: GridSheet, mapping: Record<string, string | null>): Header | null {
  for (let r = 0; r < Math.min(30, sheet.rows.length); r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    const hits = row.filter((v) => ALIAS.get(headingKey(text(v)))).length;
    if (hits < 3) continue;
    const columns: ImportColumnDto[] = [];
    const taken = new Set<string>();
    row.forEach((v, index) => {
      const heading = text(v);
      if (!heading) return;
      const key = headingKey(heading);
      let field: string | null = Object.hasOwn(mapping, heading) ? mapping[heading] : (ALIAS.get(key) || null);
      if (field && taken.has(field)) field = null;
      if (field) taken.add(field);
      columns.push({ index, heading, field });
    });
    // a register with 时间 but no 日期 column keeps the date under 时间
    if (!taken.has('date')) {
      const t = columns.find((c) => c.field === 'time');
      if (t && !Object.hasOwn(mapping, t.heading)) t.field = 'date';
    }
    return { row: r, columns };
  }
  return null;
}

const FOOTER = /^(填表人|填报人|制表人|审核人|负责人|联系电话|合计|总计|共登记|注[:：\d、.．]|注$|说明[:：])/u;
const isFooter = (row: GridRow) => FOOTER.test(text(row.find((v) => text(v) !== '') ?? null).replace(/[\s\u3000]+/g, ''));

function dayOf(v: CellValue): string | null {
  if (v && typeof v === 'object') return v.date.slice(0, 10);
  if (typeof v === 'number') {
    const d = fromExcelSerial(v);
    return d && d.length === 10 ? d : null;
  }
  return parseDayText(text(v));
}

interface RowRead {
  dto: ImportRowDto;
  input: AddInput | null;
}

async function rowsOf(ctx: ServiceContext, db: Tx, input: { org?: number | string | null; fileName: string; bytes: Uint8Array; mapping?: Record<string, string | null> }) {
  const grid = await readSpreadsheet(input.bytes, input.fileName);
  const defaultOrg: OrgRow | null = input.org != null && input.org !== '' ? await resolveOrg(db, input.org) : null;
  const types = await loadTypes(db);
  const today = ctx.clock.today();
  const out: { sheet: string; header: Header; rows: RowRead[] }[] = [];
  for (const sheet of grid.sheets) {
    const header = findHeader(sheet, input.mapping ?? {});
    if (!header) continue;
    // a sheet named after an organization (as the register export writes it) stands for that organization
    let sheetOrg: OrgRow | null = null;
    try {
      sheetOrg = await resolveOrg(db, sheet.name);
    } catch {
      sheetOrg = null;
    }
    const col = (key: string) => header.columns.find((c) => c.field === key)?.index;
    const rows: RowRead[] = [];
    for (let r = header.row + 1; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row || row.every((v) => text(v) === '')) continue;
      if (isFooter(row)) break;
      const get = (key: string): CellValue => {
        const i = col(key);
        return i === undefined ? null : row[i];
      };
      const errors: string[] = [];
      const warnings: string[] = [];
      const orgName = text(get('org')) || defaultOrg?.name || sheetOrg?.name || null;
      const typeWord = text(get('type'));
      const type = typeWord ? findType(types, typeWord) : null;
      const date = dayOf(get('date'));
      const absentText = text(get('absent'));
      const absentees = parseAbsentees(absentText);
      const dto: ImportRowDto = {
        row: r + 1, org: orgName, type: type?.name ?? (typeWord || null), date, topic: text(get('topic')) || null,
        absent: absentees.map((a) => `${a.name}（${a.kind}${a.reason && a.reason !== a.kind ? `：${a.reason}` : ''}）`),
        expected: null, present: null, errors, warnings,
      };
      if (!orgName) errors.push('缺少「党组织」（文件中没有党组织列时，请先选择党组织）');
      if (!typeWord) errors.push('缺少「活动类型」');
      else if (!type) errors.push(`「活动类型」不认识：${typeWord}`);
      if (!date || !isIsoDay(date)) errors.push(`「日期」不是有效日期：${text(get('date')) || '（空）'}`);
      let org: OrgRow | null = null;
      if (orgName) {
        try {
          org = await resolveOrg(db, orgName);
        } catch (e) {
          errors.push(isAppError(e) ? e.message : String(e));
        }
      }
      if (errors.length || !org || !type || !date) {
        rows.push({ dto, input: null });
        continue;
      }
      // absentees are written by name: matched among those who should have attended that day
      const absent: NonNullable<AddInput['absent']> = [];
      if (absentees.length && isIsoDay(date) && type.holders.includes(org.type)) {
        const exp = await expectedFor(db, [org], type, date);
        const members = [...exp.members.values()];
        for (const a of absentees) {
          const id = /^\d{15,17}[\dXx]$/.test(a.name) ? normalizeIdNumber(a.name) : null;
          const same = members.filter((m) => (id ? m.idNumber === id : m.name === a.name));
          if (same.length === 1) absent.push({ memberId: same[0].id, kind: a.kind, reason: a.reason });
          else if (same.length > 1) errors.push(`「缺席人员及原因」“${a.name}”在 ${date} 的应到人员中有 ${same.length} 人同名，请改写为公民身份号码`);
          else errors.push(`「缺席人员及原因」“${a.name}”不在 ${date} ${org.name}的应到人员中`);
        }
      }
      const { start, end } = parseTimeRange(text(get('time')));
      const chairLecturer = text(get('chairLecturer')).split(/[/／、]/u).map((x) => x.trim()).filter(Boolean);
      const chair = text(get('chair')) || chairLecturer[0] || null;
      const lecturerName = text(get('lecturer')) || chairLecturer[1] || null;
      const hoursText = text(get('hours'));
      const hours = hoursText ? Number(hoursText) : null;
      if (hoursText && !Number.isFinite(hours)) errors.push(`「学时」不是数字：${hoursText}`);
      const tags = text(get('tags')).split(/[、,，;；\s]+/u).filter(Boolean);
      const guests = text(get('guests')).split(/[、,，;；\s]+/u).filter(Boolean);
      const addInput: AddInput = {
        org: org.id, type: type.name, date, start, end,
        place: text(get('place')) || null, chair, recorder: text(get('recorder')) || null,
        lecturer: lecturerName ? { name: lecturerName, kind: '其他' } : null,
        topic: dto.topic, firstTopic: text(get('firstTopic')) || null, tags, content: text(get('content')) || null,
        decisions: text(get('decisions')) || null, absent, guests, hours: hours ?? null,
      };
      const numberIn = (key: string) => {
        const t = text(get(key));
        return t && /^\d+$/.test(t) ? Number(t) : null;
      };
      if (!errors.length) {
        try {
          const p: Prepared = await prepareActivity(db, addInput, today);
          dto.expected = p.c.total.expected;
          dto.present = p.c.total.present;
          warnings.push(...p.warnings);
          const fileExpected = numberIn('expected');
          const filePresent = numberIn('present');
          if (fileExpected !== null && fileExpected !== p.c.total.expected) warnings.push(`表中应到 ${fileExpected} 人，按当日名册应到 ${p.c.total.expected} 人（以名册为准）`);
          if (filePresent !== null && filePresent !== p.c.total.present) warnings.push(`表中实到 ${filePresent} 人，按缺席人员计算实到 ${p.c.total.present} 人（以计算为准）`);
        } catch (e) {
          if (!isAppError(e)) throw e;
          errors.push(e.message);
        }
      }
      rows.push({ dto, input: errors.length ? null : addInput });
    }
    out.push({ sheet: sheet.name, header, rows });
  }
  if (!out.length) {
    throw new AppError('UNREADABLE', `没有找到登记表的表头：请确认表中有“类型”“日期”“主题/议题”“缺席人员及原因”等列（${IMPORT_FIELDS.map((f) => f.label).join('、')}）`, 'bytes');
  }
  return out;
}

export async function importPreview(ctx: ServiceContext, input: { org?: number | string | null; fileName: string; bytes: Uint8Array; mapping?: Record<string, string | null> }): Promise<ImportPreviewDto> {
  const sheets = await rowsOf(ctx, ctx.kysely, input);
  const rows = sheets.flatMap((s) => s.rows.map((r) => r.dto));
  return {
    sheet: sheets.map((s) => s.sheet).join('、'),
    headerRow: sheets[0].header.row + 1,
    columns: sheets[0].header.columns,
    fields: IMPORT_FIELDS.map((f) => ({ key: f.key, label: f.label })),
    rows,
    ok: rows.filter((r) => !r.errors.length).length,
    failed: rows.filter((r) => r.errors.length).length,
  };
}

export async function importCommit(ctx: ServiceContext, input: { org?: number | string | null; fileName: string; bytes: Uint8Array; mapping?: Record<string, string | null> }): Promise<{ added: number; ids: number[] }> {
  return inTx(ctx, async (trx) => {
    const sheets = await rowsOf(ctx, trx, input);
    const all = sheets.flatMap((s) => s.rows.map((r) => ({ ...r, sheet: s.sheet })));
    const bad = all.filter((r) => r.dto.errors.length);
    if (bad.length) {
      const lines = bad.slice(0, 20).map((r) => `${r.sheet} 第${r.dto.row}行：${r.dto.errors.join('；')}`);
      throw new AppError('VALIDATION', `有 ${bad.length} 行不能登记，整个文件未导入：\n${lines.join('\n')}${bad.length > 20 ? `\n……另有 ${bad.length - 20} 行` : ''}`, 'bytes', { rows: bad.map((r) => r.dto) });
    }
    if (!all.length) throw new AppError('VALIDATION', '登记表中没有数据行', 'bytes');
    const now = ctx.clock.now();
    const batch = `${input.fileName}@${now}`;
    const ids: number[] = [];
    for (const r of all) {
      const p = await prepareActivity(trx, r.input!, ctx.clock.today());
      ids.push((await insertActivity(trx, p, now, { batch, action: `批量登记（${input.fileName}）` })).id);
    }
    return { added: ids.length, ids };
  });
}
