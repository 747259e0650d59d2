import { describe, expect, it } from 'vitest';
import { displayValue, fenToWan, parseFigureId, percent, type FigureDefinition } from '../../src-main/domain/figures.ts';
import { findFigure, mergeDefinitions } from '../../src-main/modules/report/domain/catalogue.ts';
import { draftText, mainWork, NO_DATA } from '../../src-main/modules/report/domain/draft.ts';
import { knownPlaceholders, resolvePlaceholder } from '../../src-main/modules/report/domain/placeholders.ts';

// The report's pure rules: the catalogue gathered from the modules' definitions (a provisional one gives
// way), figure names with parameters, money in 万元, the draft's clauses, the placeholders a template may hold.

const def = (key: string, label: string, extra: Partial<FigureDefinition> = {}): FigureDefinition => ({
  key, label, unit: '人', group: '党员队伍', rule: `${label}的口径`, additive: true, ...extra,
});

describe('the catalogue', () => {
  it('a provisional definition gives way to a module defining the same key; two firm ones are an error', () => {
    const core = { module: 'core', definitions: [def('members', '党员总数'), def('transfersIn', '转入党员数', { fallback: true })] };
    const stats = { module: 'stats', definitions: [def('transfersIn', '转入党员数', { additive: false }), def('newMembers', '发展党员数')] };
    expect(mergeDefinitions([core]).map((e) => [e.key, e.module])).toEqual([['members', 'core'], ['transfersIn', 'core']]);
    // in the report's order, whichever module comes first
    expect(mergeDefinitions([core, stats]).map((e) => [e.key, e.module])).toEqual([['members', 'core'], ['newMembers', 'stats'], ['transfersIn', 'stats']]);
    expect(mergeDefinitions([stats, core]).map((e) => [e.key, e.module])).toEqual([['members', 'core'], ['newMembers', 'stats'], ['transfersIn', 'stats']]);
    expect(() => mergeDefinitions([core, { module: 'x', definitions: [def('members', '党员数')] }])).toThrow('指标 members 由 core 和 x 两个模块重复定义');
    expect(() => mergeDefinitions([core, { module: 'x', definitions: [def('other', '党员总数')] }])).toThrow('名称相同：党员总数');
  });

  it('names a figure with its parameter, in either colon', () => {
    expect(parseFigureId('meetingsByType:支部委员会')).toEqual({ key: 'meetingsByType', param: '支部委员会' });
    expect(parseFigureId('topicStudies：二十大精神')).toEqual({ key: 'topicStudies', param: '二十大精神' });
    expect(parseFigureId('members')).toEqual({ key: 'members' });
    const cat = mergeDefinitions([{ module: 'm', definitions: [
      def('meetingsByType', '三会一课次数', { unit: '次', param: { kind: 'meetingType', label: '会议类型', required: true, values: ['支部委员会'] } }),
    ] }]);
    expect(findFigure(cat, '三会一课次数:支部委员会')).toMatchObject({ entry: { key: 'meetingsByType' }, param: '支部委员会' });
    expect(() => findFigure(cat, 'meetingsByType')).toThrow('指标“三会一课次数”需要指定会议类型，如 meetingsByType:支部委员会');
  });
});

describe('numbers as the clerk reads them', () => {
  it('万元 to two places, rounded half up; percentages to two places', () => {
    expect(fenToWan(1_234_567)).toBe('1.23');
    expect(fenToWan(1_235_000)).toBe('1.24');
    expect(fenToWan(4_999)).toBe('0.00');
    expect(fenToWan(5_000)).toBe('0.01');
    expect(fenToWan(-1_235_000)).toBe('-1.24');
    expect(percent(97, 120)).toBe(80.83);
    expect(percent(1, 0)).toBeNull();
    expect(displayValue('元', 116_600)).toBe('1166.00');
    expect(displayValue('元', 116_600, { wan: true })).toBe('0.12');
    expect(displayValue('%', 92.5)).toBe('92.50');
    expect(displayValue('学时', 9.875)).toBe('9.9');
  });
});

describe('the draft’s sentences', () => {
  const fig = (key: string, value: number | null, param?: string, unit: FigureDefinition['unit'] = '次') => ({ key, value, unit, ...(param ? { param } : {}) });

  it('a clause whose figure is missing is left out; a part left empty says 「（暂无数据）」', () => {
    const main = mainWork([fig('firstTopicStudies', 4), fig('branchFirstTopicStudies', 12), fig('orgLifeRate', null, undefined, '%'), fig('themeDays', 0)], { asOf: '2026-06-30' });
    expect(main[0].paragraphs).toEqual(['期间组织党组（党委）“第一议题”学习4次，各党支部开展“第一议题”学习12次。']);
    expect(main[1].paragraphs).toEqual(['开展主题党日活动0次。']); // 0 is a figure; a rate of nothing is none
    expect(main[4].paragraphs).toEqual([NO_DATA]);
  });

  it('parameter values listed by “*”; money in 万元', () => {
    const main = mainWork([
      fig('orgsByType', 12, undefined, '个'), fig('orgsByType', 1, '党委', '个'), fig('orgsByType', 0, '党总支', '个'), fig('orgsByType', 11, '党支部', '个'),
      fig('topicStudies', 3, '二十大精神'), fig('topicStudies', 1, '主题教育'),
      fig('duesCollected', 12_345_678, undefined, '元'),
    ], { asOf: '2026-06-30' });
    expect(main[3].paragraphs).toEqual(['截至2026年6月30日，共有基层党组织12个，其中党委1个、党支部11个。']);
    expect(main[0].paragraphs).toEqual(['围绕“二十大精神”、“主题教育”等专题深入开展学习研讨。']);
    expect(main[4].paragraphs).toEqual(['收缴党费12.35万元。']);
  });

  it('a title too long for one line is broken between the organization and the rest', () => {
    const d = (org: string) => draftText({ org, periodLabel: '2026年上半年', asOf: '2026-06-30', today: '2026-07-10', figures: [], sections: {} });
    expect(d('某局党委').titleLines).toEqual(['某局党委2026年上半年党建工作总结']);
    expect(d('中共某某局机关委员会').titleLines).toEqual(['中共某某局机关委员会', '2026年上半年党建工作总结']);
  });
});

describe('placeholders', () => {
  const cat = mergeDefinitions([{ module: 'm', definitions: [
    def('members', '党员总数'),
    def('duesCollected', '党费收缴额', { unit: '元', group: '党费' }),
    def('topicStudies', '专题学习次数', { unit: '次', group: '理论学习', param: { kind: 'tag', label: '专题', required: false, values: null } }),
    def('orgsByType', '基层党组织数', { unit: '个', group: '组织建设', param: { kind: 'orgType', label: '组织类型', required: false, values: ['党委', '党支部'] } }),
  ] }]);

  it('resolves what it knows, folding full-width forms and spaces', () => {
    expect(resolvePlaceholder('党员总数', cat)).toEqual({ type: 'figure', key: 'members', wan: false, compare: false });
    expect(resolvePlaceholder(' 党费收缴额(万元) ', cat)).toEqual({ type: 'figure', key: 'duesCollected', wan: true, compare: false });
    expect(resolvePlaceholder('党费收缴额（万元）（对比期间）', cat)).toEqual({ type: 'figure', key: 'duesCollected', wan: true, compare: true });
    expect(resolvePlaceholder('专题学习次数：任意专题', cat)).toEqual({ type: 'figure', key: 'topicStudies', param: '任意专题', wan: false, compare: false });
    expect(resolvePlaceholder('基层党组织数:党支部', cat)).toMatchObject({ param: '党支部' });
    expect(resolvePlaceholder('期间', cat)).toEqual({ type: 'meta', key: '期间' });
    expect(resolvePlaceholder('存在问题', cat)).toEqual({ type: 'section', key: 'problems' });
  });

  it('refuses what it does not know', () => {
    for (const p of ['党员人数', '党员总数（万元）', '基层党组织数:党小组', '党员总数:党支部', '专题学习次数:', '#党员总数']) {
      expect(resolvePlaceholder(p, cat), p).toBeNull();
    }
  });

  it('lists every one, the tags in use under the free parameter', () => {
    const texts = knownPlaceholders(cat, { tag: ['二十大精神'] }).map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['{党员总数}', '{党费收缴额}', '{党费收缴额（万元）}', '{专题学习次数}', '{专题学习次数:<专题>}', '{专题学习次数:二十大精神}', '{基层党组织数:党委}', '{单位名称}', '{存在问题}']));
    for (const t of texts.filter((x) => !x.includes('<') && !x.includes('…'))) expect(resolvePlaceholder(t.slice(1, -1), cat), t).not.toBeNull();
  });
});
