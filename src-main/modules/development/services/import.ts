import type { DevImportResult } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { compactText } from '../../../domain/member-values.ts';
import { holdsMembers } from '../../../domain/org-rules.ts';
import { addYears, certainlyBefore } from '../../../domain/partial-date.ts';
import { readSpreadsheet, type CellValue, type GridSheet } from '../../../excel/read/index.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { resolveOrg } from '../../../services/refs.ts';
import { actor as currentActor } from '../../../services/settings.ts';
import { dateOrError, normalizePerson } from '../domain/person.ts';
import { addMonthsTo, stageOf, type Stage } from '../domain/rules.ts';

// Import of an existing applicant / activist list (docs/domain/development.md#registry-fields): the shared
// spreadsheet readers (excel/read), the first sheet's heading row found by its headings, each row
// normalised with the registry's value rules. The dates are history: a time rule they break is reported
// as a warning, never refused. Rows with errors are left out and listed; `dryRun` only checks.

type Field =
  | 'name' | 'idNumber' | 'gender' | 'ethnicity' | 'birthDate' | 'education' | 'phone' | 'jobPosition' | 'workUnit' | 'org'
  | 'appliedOn' | 'talkedOn' | 'activistOn' | 'candidateOn' | 'stage' | 'joinType' | 'remark';

/** headings as applicant and activist lists write them */
const HEADINGS: readonly [Field, readonly string[]][] = [
  ['name', ['姓名']],
  ['idNumber', ['公民身份号码', '身份证号', '身份证号码', '公民身份证号', '公民身份证号码', '身份证']],
  ['gender', ['性别']],
  ['ethnicity', ['民族']],
  ['birthDate', ['出生日期', '出生年月', '出生年月日']],
  ['education', ['学历', '文化程度', '最高学历']],
  ['phone', ['联系电话', '手机号码', '手机', '电话']],
  ['jobPosition', ['工作岗位', '职业', '岗位']],
  ['workUnit', ['工作单位及职务', '工作单位', '单位及职务', '单位职务']],
  ['org', ['所在党支部', '所在党组织', '党支部', '党组织', '所在支部', '支部', '培养党支部']],
  ['appliedOn', ['申请入党日期', '申请入党时间', '递交入党申请书日期', '递交入党申请书时间', '入党申请日期', '入党申请时间', '申请日期']],
  ['talkedOn', ['谈话日期', '谈话时间']],
  ['activistOn', ['确定入党积极分子日期', '确定为入党积极分子日期', '确定入党积极分子时间', '确定积极分子日期', '列为入党积极分子日期', '积极分子日期']],
  ['candidateOn', ['确定发展对象日期', '确定为发展对象日期', '确定发展对象时间', '列为发展对象日期', '发展对象日期']],
  ['stage', ['阶段', '发展阶段', '类别', '人员类别']],
  ['joinType', ['入党类型']],
  ['remark', ['备注']],
];

const FIELD_LABEL: Record<Field, string> = {
  name: '姓名', idNumber: '公民身份号码', gender: '性别', ethnicity: '民族', birthDate: '出生日期', education: '学历', phone: '联系电话',
  jobPosition: '工作岗位', workUnit: '工作单位及职务', org: '所在党组织', appliedOn: '申请入党日期', talkedOn: '谈话日期',
  activistOn: '确定入党积极分子日期', candidateOn: '确定发展对象日期', stage: '阶段', joinType: '入党类型', remark: '备注',
};

const headingKey = (v: CellValue) => compactText(typeof v === 'string' ? v : v == null ? '' : String(v)).replace(/[（(][^）)]*[）)]$/, '').replace(/[*：:]/g, '');

function fieldOf(heading: string): Field | null {
  for (const [f, names] of HEADINGS) if (names.includes(heading)) return f;
  return null;
}

/** the heading row: the first of the top 15 rows that names 姓名 and the 公民身份号码 */
function findHeading(sheet: GridSheet): { row: number; columns: (Field | null)[]; names: string[] } | null {
  for (let r = 0; r < Math.min(15, sheet.rows.length); r++) {
    const cells = sheet.rows[r] ?? [];
    const names = cells.map(headingKey);
    const columns = names.map(fieldOf);
    if (columns.includes('name') && columns.includes('idNumber')) return { row: r, columns, names };
  }
  return null;
}

const cellText = (v: CellValue): string | null => {
  if (v == null || v === '') return null;
  if (typeof v === 'object' && 'date' in v) return v.date;
  return String(v).trim() || null;
};

export async function importPeople(
  ctx: ServiceContext,
  input: { bytes: Uint8Array; fileName: string; org?: number | string | null; dryRun?: boolean },
): Promise<DevImportResult> {
  const db = ctx.kysely;
  const today = ctx.clock.today();
  const grid = await readSpreadsheet(input.bytes, input.fileName);
  const sheet = grid.sheets.find((s) => findHeading(s)) ?? null;
  const heading = sheet ? findHeading(sheet) : null;
  if (!sheet || !heading) throw new AppError('UNREADABLE', '没有找到表头：表格的表头应含“姓名”和“公民身份号码（身份证号）”列', 'bytes');
  const mapping = heading.names.map((column, i) => ({ column, field: heading.columns[i] ? FIELD_LABEL[heading.columns[i]!] : null })).filter((m) => m.column);
  if (!heading.columns.includes('appliedOn')) throw new AppError('UNREADABLE', '表格中没有“申请入党日期”列', 'bytes');
  const defaultOrg = input.org != null && input.org !== '' ? await resolveOrg(db, input.org) : null;
  const orgCache = new Map<string, { id: number; name: string } | string>();
  const orgOf = async (text: string | null): Promise<{ id: number; name: string } | string> => {
    if (!text) return defaultOrg ?? '未填写所在党组织（也可在导入时指定默认党组织）';
    let hit = orgCache.get(text);
    if (!hit) {
      try {
        const o = await resolveOrg(db, text);
        hit = holdsMembers(o.type) ? { id: o.id, name: o.name } : `“${o.name}”是党组，不直接管理党员`;
      } catch (e) {
        hit = (e as Error).message;
      }
      orgCache.set(text, hit);
    }
    return hit;
  };
  const known = new Set((await db.selectFrom('dev_people').select('id_number').execute()).map((r) => r.id_number));
  const members = new Set((await db.selectFrom('members').select('id_number').execute()).map((r) => r.id_number));
  const seen = new Map<string, number>();

  const errors: DevImportResult['errors'] = [];
  const warnings: DevImportResult['warnings'] = [];
  const valid: { row: number; values: Record<string, unknown> }[] = [];
  let rows = 0;
  for (let r = heading.row + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    if (!cells || cells.every((c) => cellText(c) === null)) continue;
    rows++;
    const rowNo = r + 1;
    const get = (f: Field): string | null => {
      const i = heading.columns.indexOf(f);
      return i >= 0 ? cellText(cells[i]) : null;
    };
    const errs: string[] = [];
    const { person, errors: pe } = normalizePerson({
      name: get('name'), idNumber: get('idNumber'), gender: get('gender'), ethnicity: get('ethnicity'), birthDate: get('birthDate'), education: get('education'),
      phone: get('phone'), jobPosition: get('jobPosition'), workUnit: get('workUnit'), joinType: get('joinType'), remark: get('remark'),
    }, today);
    errs.push(...pe);
    const appliedOn = dateOrError(get('appliedOn'), '申请入党日期', errs);
    if (!appliedOn && !get('appliedOn')) errs.push('未填写申请入党日期');
    const talkedOn = dateOrError(get('talkedOn'), '谈话日期', errs);
    const activistOn = dateOrError(get('activistOn'), '确定入党积极分子日期', errs);
    const candidateOn = dateOrError(get('candidateOn'), '确定发展对象日期', errs);
    let stage: Stage = candidateOn ? '发展对象' : activistOn ? '入党积极分子' : '入党申请人';
    const stated = get('stage');
    if (stated) {
      const s = stageOf(stated);
      if (!s || s === '预备党员') errs.push(`阶段“${stated}”应为入党申请人、入党积极分子或发展对象（预备党员请在党员信息中导入）`);
      else if (s === '发展对象' && !candidateOn) errs.push('阶段为发展对象，请填写确定发展对象日期');
      else if (s === '入党积极分子' && !activistOn) errs.push('阶段为入党积极分子，请填写确定入党积极分子日期');
      else if (s === '入党申请人' && (activistOn || candidateOn)) errs.push('阶段为入党申请人，但填写了确定积极分子或发展对象日期');
      else stage = s;
    }
    if (candidateOn && !activistOn) errs.push('填写了确定发展对象日期，但没有确定入党积极分子日期');
    for (const [a, b, la, lb] of [[appliedOn, activistOn, '申请入党日期', '确定入党积极分子日期'], [activistOn, candidateOn, '确定入党积极分子日期', '确定发展对象日期'], [appliedOn, talkedOn, '申请入党日期', '谈话日期']] as const) {
      if (a && b && certainlyBefore(b, a)) errs.push(`${lb}早于${la}`);
    }
    for (const d of [appliedOn, talkedOn, activistOn, candidateOn]) if (d && certainlyBefore(today, d)) errs.push(`日期 ${d} 晚于今天`);
    const org = await orgOf(get('org'));
    if (typeof org === 'string') errs.push(org);
    if (person.idNumber) {
      if (known.has(person.idNumber)) errs.push('该公民身份号码已在发展党员名册中');
      if (members.has(person.idNumber)) errs.push('该公民身份号码已登记为党员');
      const dup = seen.get(person.idNumber);
      if (dup) errs.push(`与第 ${dup} 行的公民身份号码重复`);
      seen.set(person.idNumber, rowNo);
    }
    if (errs.length) {
      errors.push({ row: rowNo, message: `${person.name || '（无姓名）'}：${errs.join('；')}` });
      continue;
    }
    // history: the time rules it breaks are told, not refused
    const told: string[] = [];
    if (person.birthDate && appliedOn && certainlyBefore(appliedOn, addYears(person.birthDate, 18))) told.push('申请入党时未满十八周岁');
    if (appliedOn && talkedOn && talkedOn > addMonthsTo(appliedOn, 1)) told.push('谈话晚于收到申请书后一个月');
    if (activistOn && candidateOn && certainlyBefore(candidateOn, addYears(activistOn, 1))) told.push('入党积极分子培养考察不足一年即确定为发展对象');
    if (told.length) warnings.push({ row: rowNo, message: `${person.name}：${told.join('；')}` });
    const o = org as { id: number; name: string };
    valid.push({
      row: rowNo,
      values: {
        name: person.name, id_number: person.idNumber, gender: person.gender, ethnicity: person.ethnicity, birth_date: person.birthDate, education: person.education,
        phone: person.phone, job_position: person.jobPosition, work_unit: person.workUnit, org_id: o.id, stage, applied_on: appliedOn, talked_on: talkedOn,
        activist_on: activistOn, candidate_on: candidateOn, join_type: person.joinType, remark: person.remark,
      },
    });
  }
  if (!input.dryRun && valid.length) {
    const now = ctx.clock.now();
    await db.transaction().execute(async (trx) => {
      for (const v of valid) await trx.insertInto('dev_people').values({ ...v.values, created_at: now, updated_at: now } as never).execute();
      await audit(trx, { actor: await currentActor(trx), at: now, entity: 'dev_import', entityId: 0, action: `导入入党申请人、积极分子名单（${input.fileName}）`, after: { imported: valid.length, errors: errors.length } });
    });
  }
  return { dryRun: Boolean(input.dryRun), imported: input.dryRun ? 0 : valid.length, rows, mapping, errors, warnings };
}
