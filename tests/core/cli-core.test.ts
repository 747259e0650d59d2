import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as dangwu } from '../support/cli.ts';
import { tmpDir } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

// The core CLI (README "命令行"): every command through the CLI's own entry (in-process, output captured).

let dir: string;
let db: string;

function cli(...args: string[]) {
  return dangwu(args, { db, env: { DANGWU_TODAY: '2025-01-10' } });
}
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

const zhang = {
  name: '张三',
  idNumber: makeId('19900307', '231').toLowerCase(),
  org: '机关第一党支部',
  ethnicity: '汉族',
  education: '大学本科',
  category: '正式党员',
  joinedOn: '2015-06-01',
  confirmedOn: '2016-06-01',
  phone: '13800138000',
};

beforeAll(() => {
  dir = tmpDir('dangwu-cli-');
  db = path.join(dir, 'cli.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI: org / member / members / settings', () => {
  it('org add and org list --json', async () => {
    expect((await cli('org', 'add', '--name', '中共某局机关委员会', '--type', '党委', '--short', '机关党委', '--term-start', '2021-06-15')).code).toBe(0);
    expect((await cli('org', 'add', '--name', '机关第一党支部', '--type', '党支部', '--parent', '机关党委')).code).toBe(0);
    expect((await cli('org', 'add', '--name', '机关第二党支部', '--type', '党支部', '--parent', '中共某局机关委员会', '--short', '二支部')).code).toBe(0);
    const r = await cli('org', 'list', '--json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual([
      { name: '中共某局机关委员会', shortName: '机关党委', type: '党委', parent: null, secretary: null, establishedOn: null, termStart: '2021-06-15', termYears: 5, termEnd: '2026-06-15' },
      { name: '机关第一党支部', shortName: null, type: '党支部', parent: '中共某局机关委员会', secretary: null, establishedOn: null, termStart: null, termYears: 3, termEnd: null },
      { name: '机关第二党支部', shortName: '二支部', type: '党支部', parent: '中共某局机关委员会', secretary: null, establishedOn: null, termStart: null, termYears: 3, termEnd: null },
    ]);
  });

  it('org add refusals: rule broken → 1, missing flag → 2', async () => {
    const bad = await cli('org', 'add', '--name', '第一党小组', '--type', '党小组', '--parent', '机关党委');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/党小组只能设在党支部/);
    const dup = await cli('org', 'add', '--name', '机关第一党支部', '--type', '党支部');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/已存在/);
    expect((await cli('org', 'add', '--type', '党支部')).code).toBe(2);
    expect((await cli('org', 'frobnicate')).code).toBe(2);
  });

  it('member add prints the saved member; warnings to stderr with exit 0', async () => {
    const r = await cli('member', 'add', '--json', JSON.stringify({ ...zhang, gender: '女' }));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/性别与公民身份号码不一致/);
    const m = json(r);
    expect(m).toMatchObject({ name: '张三', gender: '女', birthDate: '1990-03-07', idNumber: zhang.idNumber.toUpperCase(), org: '机关第一党支部', roll: '在册', status: '正常' });
  });

  it('member add refusals: unknown key named, duplicate ID, bad JSON; nothing written', async () => {
    const unknown = await cli('member', 'add', '--json', JSON.stringify({ ...zhang, idNumber: makeId('19850101', '112'), shoeSize: 42 }));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/shoeSize/);
    const dup = await cli('member', 'add', '--json', JSON.stringify({ ...zhang, name: '李四' }));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/公民身份号码已登记/);
    const rule = await cli('member', 'add', '--json', JSON.stringify({ ...zhang, idNumber: makeId('19850101', '112'), category: '预备党员' }));
    expect(rule.code).toBe(1);
    expect(rule.stderr).toMatch(/预备党员不应填写转正日期/);
    expect((await cli('member', 'add', '--json', '{not json')).code).toBe(2);
    expect((await cli('member', 'add')).code).toBe(2);
    expect(json(await cli('members', 'list', '--json', '--all'))).toHaveLength(1);
  });

  it('members list --json: one bare array; --org with sub-orgs, --search, --all', async () => {
    const li = { ...zhang, name: '单田芳', idNumber: makeId('19600202', '222'), org: '二支部', confirmedOn: '' , category: '预备党员', joinedOn: '2024-06-01' };
    const added = await cli('member', 'add', '--json', JSON.stringify(li));
    expect(added.code).toBe(0);
    const all = json(await cli('members', 'list', '--json'));
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((m: { name: string }) => m.name)).toEqual(['单田芳', '张三']);
    const shan = all[0];
    for (const key of ['name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'education', 'category', 'joinedOn', 'confirmedOn', 'org', 'phone', 'status', 'roll']) {
      expect(shan).toHaveProperty(key);
    }
    expect(shan).toMatchObject({ confirmedOn: '', gender: '女', org: '机关第二党支部', category: '预备党员' });
    expect(json(await cli('members', 'list', '--json', '--search', 'stf')).map((m: { name: string }) => m.name)).toEqual(['单田芳']);
    expect(json(await cli('members', 'list', '--json', '--search', '0307')).map((m: { name: string }) => m.name)).toEqual(['张三']);
    expect(json(await cli('members', 'list', '--json', '--org', '机关党委'))).toHaveLength(2);
    expect(json(await cli('members', 'list', '--json', '--org', '机关第一党支部'))).toHaveLength(1);
    const missing = await cli('members', 'list', '--json', '--org', '不存在');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    const bogus = await cli('members', 'list', '--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('不认识的参数：--bogus');
  });

  it('an ambiguous short name is refused listing the candidates', async () => {
    expect((await cli('org', 'add', '--name', '甲党支部', '--type', '党支部', '--short', '同名支部')).code).toBe(0);
    expect((await cli('org', 'add', '--name', '乙党支部', '--type', '党支部', '--short', '同名支部')).code).toBe(0);
    const r = await cli('members', 'list', '--json', '--org', '同名支部');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/甲党支部、乙党支部/);
  });

  it('member event takes a member off the roll; --all shows them', async () => {
    const r = await cli('member', 'event', '--id-number', zhang.idNumber, '--type', '转出', '--date', '2024-12-01', '--detail', '中共某县委组织部', '--json');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ roll: '转出', leftOn: '2024-12-01' });
    expect(json(await cli('members', 'list', '--json'))).toHaveLength(1);
    const every = json(await cli('members', 'list', '--json', '--all'));
    expect(every.map((m: { roll: string }) => m.roll).sort()).toEqual(['在册', '转出']);
  });

  it('settings set / get', async () => {
    const r = await cli('settings', 'set', '--clerk-name', '王五', '--clerk-phone', '010-12345678', '--reminder-days', '120,60', '--json');
    expect(r.code).toBe(0);
    expect(json(await cli('settings', 'get', '--json'))).toMatchObject({ clerkName: '王五', termReminderDays: [120, 60], effectiveReportingUnit: '中共某局机关委员会' });
    expect((await cli('settings', 'set', '--date-style', 'roman')).code).toBe(1);
    expect((await cli('settings', 'set')).code).toBe(2);
  });
});
