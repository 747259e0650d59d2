import { describe, expect, it } from 'vitest';
import { checkMember, type RawMember } from '../../src-main/domain/member-rules.ts';
import {
  normalizeBoolean,
  normalizeCategory,
  normalizeEducation,
  normalizeEthnicity,
  normalizeGender,
} from '../../src-main/domain/member-values.ts';
import { SAMPLE_MEMBER } from '../support/seed.ts';

const today = '2025-01-10';
const base: RawMember = SAMPLE_MEMBER;
const run = (patch: Partial<RawMember>) => checkMember({ ...base, ...patch }, { today });
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

describe('member rules (cross-field checks)', () => {
  it('a valid record passes and the ID fills 性别 and 出生日期', () => {
    const r = run({});
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.member).toMatchObject({ name: '张三', gender: '男', birthDate: '1990-03-07', confirmedOn: '2016-06-01' });
    expect(r.derived).toEqual({ gender: '男', birthDate: '1990-03-07', idNumber: base.idNumber });
  });

  it('refuses an empty 姓名', () => {
    const r = run({ name: ' 　' });
    expect(r.errors).toEqual([{ field: 'name', message: '请填写姓名' }]);
  });

  it('refuses a bad ID with the field named', () => {
    expect(fields(run({ idNumber: '110101199003072317' }).errors)).toEqual(['idNumber']);
  });

  it('warns (not refuses) when 性别 differs from the ID (V08)', () => {
    const r = run({ gender: '女' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ field: 'gender', message: '性别与公民身份号码不一致（身份证号显示为男）' }]);
    expect(r.member.gender).toBe('女');
  });

  it('warns when 出生日期 differs, comparing by month when only a month is given (V07)', () => {
    expect(run({ birthDate: '1990-03' }).warnings).toEqual([]);
    expect(fields(run({ birthDate: '1990-04' }).warnings)).toEqual(['birthDate']);
    expect(fields(run({ birthDate: '1990-03-08' }).warnings)).toEqual(['birthDate']);
    expect(run({ birthDate: '1990.3' }).member.birthDate).toBe('1990-03');
  });

  it('refuses 入党日期 in the future or before the 18th birthday (V10)', () => {
    expect(run({ joinedOn: '2025-02-01', confirmedOn: null, category: '预备党员' }).errors[0]).toMatchObject({ field: 'joinedOn' });
    const young = run({ joinedOn: '2008-03-06', confirmedOn: '2009-03-06' });
    expect(young.errors.map((e) => e.message)).toContain('入党日期早于年满十八周岁之日（入党时未满十八周岁），请核对入党日期或出生日期');
    expect(run({ joinedOn: '2008-03-07', confirmedOn: '2009-03-07' }).errors).toEqual([]);
    // by month: born 1990-03-07, joined 2008-03 — maybe 18 already, so not refused
    expect(run({ joinedOn: '2008-03', confirmedOn: '2009-03' }).errors).toEqual([]);
  });

  it('refuses a 正式党员 without 转正日期 or with less than a year of probation (V11)', () => {
    expect(run({ confirmedOn: '' }).errors).toEqual([{ field: 'confirmedOn', message: '正式党员须填写转正日期' }]);
    expect(run({ confirmedOn: '2016-05-31' }).errors[0].message).toMatch(/不足一年/);
    expect(run({ confirmedOn: '2016-06-01' }).errors).toEqual([]);
  });

  it('warns when 转正 is more than two years after 入党 (V11)', () => {
    const r = run({ confirmedOn: '2017-06-02' });
    expect(r.errors).toEqual([]);
    expect(fields(r.warnings)).toEqual(['confirmedOn']);
    expect(run({ confirmedOn: '2017-06-01' }).warnings).toEqual([]);
  });

  it('refuses a 预备党员 with 转正日期 (V12)', () => {
    expect(run({ category: '预备党员' }).errors).toEqual([
      { field: 'confirmedOn', message: '预备党员不应填写转正日期；已转正的请把人员类别改为正式党员' },
    ]);
  });

  it('warns about a 预备党员 more than a year past 入党日期 (V13)', () => {
    expect(fields(run({ category: '预备党员', confirmedOn: null, joinedOn: '2023-12-01' }).warnings)).toEqual(['category']);
    expect(run({ category: '预备党员', confirmedOn: null, joinedOn: '2024-03-01' }).warnings).toEqual([]);
  });

  it('refuses values outside the enumerations, naming the field', () => {
    const r = run({ ethnicity: '火星族', education: '幼儿园', gender: '未知', status: '开除', category: '群众' });
    expect(fields(r.errors).sort()).toEqual(['category', 'education', 'ethnicity', 'gender', 'status']);
    for (const e of r.errors) expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('normalises enumeration spellings', () => {
    const r = run({ ethnicity: '蒙古', education: '本科', gender: '男性', category: '正式', status: '正常' });
    expect(r.errors).toEqual([]);
    expect(r.member).toMatchObject({ ethnicity: '蒙古族', education: '大学本科', gender: '男', category: '正式党员' });
  });

  it('失联 needs a date (V14); 流动 without 外出流向 warns (V16); a bad mobile warns', () => {
    expect(run({ isLost: true }).errors).toEqual([{ field: 'lostOn', message: '失联党员请填写失去联系日期' }]);
    expect(fields(run({ isMobile: true }).warnings)).toEqual(['outflow']);
    expect(fields(run({ phone: '12345' }).warnings)).toEqual(['phone']);
    expect(run({ phone: '138 0013 8000' }).member.phone).toBe('13800138000');
  });

  it('a 15-digit ID is converted, marked for review and mentioned', () => {
    const r = run({ idNumber: '110105491231002', joinedOn: '1970-01-01', confirmedOn: '1971-01-01' });
    expect(r.errors).toEqual([]);
    expect(r.member).toMatchObject({ idNumber: '11010519491231002X', idNeedsReview: true, gender: '女' });
    expect(fields(r.warnings)).toEqual(['idNumber']);
  });

  it('names are normalised', () => {
    expect(run({ name: '张　三' }).member.name).toBe('张三');
  });
});

describe('value normalisers (shared with imports)', () => {
  it('性别', () => {
    expect(['男', '女', '男性', '女性', 'M', 'f', '1', '2'].map(normalizeGender)).toEqual(['男', '女', '男', '女', '男', '女', '男', '女']);
    expect(normalizeGender('x')).toBeNull();
  });
  it('民族 with or without 族, historical names', () => {
    expect(normalizeEthnicity('汉')).toBe('汉族');
    expect(normalizeEthnicity('汉族')).toBe('汉族');
    expect(normalizeEthnicity('维吾尔')).toBe('维吾尔族');
    expect(normalizeEthnicity('毛难族')).toBe('毛南族');
    expect(normalizeEthnicity('其它')).toBe('其他');
    expect(normalizeEthnicity('克林贡')).toBeNull();
  });
  it('学历 synonyms', () => {
    expect(normalizeEducation('大学')).toBe('大学本科');
    expect(normalizeEducation('本科')).toBe('大学本科');
    expect(normalizeEducation('大专')).toBe('大学专科');
    expect(normalizeEducation('专科')).toBe('大学专科');
    expect(normalizeEducation('中专')).toBe('中等专科');
    expect(normalizeEducation('高中')).toBe('普通高中');
    expect(normalizeEducation('研究生')).toBe('研究生');
    expect(normalizeEducation('省（区、市）委党校大学')).toBe('省（区、市）委党校大学');
    expect(normalizeEducation('省(区、市)委党校大学')).toBe('省（区、市）委党校大学');
  });
  it('人员类别 and booleans', () => {
    expect(normalizeCategory('预备')).toBe('预备党员');
    expect(normalizeBoolean('是')).toBe(true);
    expect(normalizeBoolean('否')).toBe(false);
    expect(normalizeBoolean('也许')).toBeNull();
  });
});
