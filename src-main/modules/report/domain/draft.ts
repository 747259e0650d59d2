import { displayValue, type FigureUnit } from '../../../domain/figures.ts';

// The built-in 党建工作总结 draft (docs/domain/report.md#the-word-draft): 一、主要工作情况 with the figure
// sentences filled, 二、存在问题 and 三、下步工作打算 from the sections the clerk writes. Pure: the text of
// every paragraph from the figures at hand; the .docx is made from it by services/docx-draft.ts.
//
// A sentence is a list of clauses; a clause names figures as {key}, {key:param}, {key|万元}, or
// {key:*} — one item per parameter value computed (e.g. 其中党委1个、党支部3个). A clause whose figure is
// missing (its module is not installed, or a rate has nothing to divide by) is left out; a part left with
// no clause says 「（暂无数据）」, so the clerk sees what is still to be written by hand.

export const SECTION_KEYS = ['intro', 'extra', 'problems', 'plans'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  intro: '开头语',
  extra: '其他工作',
  problems: '存在问题',
  plans: '下步工作打算',
};

export const NO_DATA = '（暂无数据）';
export const TO_BE_WRITTEN = '（待填写）';

interface Sentence {
  lead?: string;
  clauses: string[];
  /** joins the clauses (default '，') */
  join?: string;
}

interface Part {
  title: string;
  sentences: Sentence[];
}

/** the figure sentences of 一、主要工作情况, part by part */
export const MAIN_WORK: readonly Part[] = [
  {
    title: '（一）加强理论武装',
    sentences: [
      {
        lead: '期间',
        clauses: [
          '组织党组（党委）“第一议题”学习{firstTopicStudies}次',
          '理论学习中心组集中学习{centralGroupStudies}次',
          '各党支部开展“第一议题”学习{branchFirstTopicStudies}次',
        ],
      },
      { lead: '围绕', clauses: ['“{topicStudies:*}”等专题深入开展学习研讨'] },
    ],
  },
  {
    title: '（二）严格党的组织生活',
    sentences: [
      {
        clauses: [
          '召开会议安排部署{deploymentMeetings}次',
          '各党支部召开支部党员大会{meetingsByType:支部党员大会}次、支部委员会{meetingsByType:支部委员会}次、党小组会{meetingsByType:党小组会}次',
          '开展“三会一课”专题学习{topicStudies}次',
          '开展主题党日活动{themeDays}次',
          '讲授党课{partyLectures}次，其中书记讲党课{secretaryLectures}次',
          '专家学者上讲台{expertLectures}人次',
        ],
      },
      { clauses: ['组织生活制度落实率为{orgLifeRate}%'] },
    ],
  },
  {
    title: '（三）抓好党员教育培训',
    sentences: [{ clauses: ['组织参加“万名党员进党校”等各级各类示范培训班{trainingAttendances}人次', '党员人均参加学习培训{studyHoursPerMember}学时'] }],
  },
  {
    title: '（四）加强组织建设和党员队伍建设',
    sentences: [
      { lead: '截至{asOf}，', clauses: ['共有基层党组织{orgsByType}个', '其中{orgsByType:*}'], join: '，' },
      { clauses: ['共有党员{members}名，其中预备党员{probationaryMembers}名', '期间发展党员{newMembers}名'] },
      { lead: '期间', clauses: ['转入组织关系党员{transfersIn}名', '转出组织关系党员{transfersOut}名', '去世党员{deaths}名', '出党{exits}名'] },
    ],
  },
  {
    title: '（五）规范党费收缴使用管理',
    sentences: [
      {
        clauses: [
          '收缴党费{duesCollected|万元}万元',
          '党费收缴率{duesCollectionRate}%',
          '向上级党委上缴党费{duesRemitted|万元}万元',
          '按时拨付基层党建工作经费{duesAllocated|万元}万元',
        ],
      },
    ],
  },
  {
    title: '（六）扎实开展专项工作',
    sentences: [{ clauses: ['对所属{screenedMembers}名党员开展全面排查整治', '签订承诺书{commitmentsSigned}份，签订率{commitmentRate}%'] }],
  },
];

/** what the draft needs of one computed figure */
export interface DraftFigure {
  key: string;
  param?: string;
  unit: FigureUnit;
  value: number | null;
}

const REF = /\{([A-Za-z]+)(?::([^}|]+))?(?:\|(万元))?\}/g;

/** one clause with its figures filled, or null when one of them is missing */
function fill(clause: string, find: (key: string, param?: string) => DraftFigure | undefined, all: readonly DraftFigure[]): string | null {
  const star = /\{([A-Za-z]+):\*\}/.exec(clause);
  if (star) {
    const items = all.filter((f) => f.key === star[1] && f.param && f.value !== null && f.value !== 0);
    if (!items.length) return null;
    const [before, after] = clause.split(star[0]);
    // 专题 tags are named, not counted (an activity may carry several): “二十大精神”、“主题教育”等专题
    if (star[1] === 'topicStudies') {
      const quoted = /^(.*)“$/.exec(before);
      const rest = /^”(.*)$/.exec(after);
      if (quoted && rest) return `${quoted[1]}${items.map((f) => `“${f.param}”`).join('、')}${rest[1]}`;
      return `${before}${items.map((f) => f.param).join('、')}${after}`;
    }
    const unit = (f: DraftFigure) => (f.unit === '人' ? '名' : f.unit === '%' || f.unit === '元' ? '' : f.unit);
    return `${before}${items.map((f) => `${f.param}${displayValue(f.unit, f.value)}${unit(f)}`).join('、')}${after}`;
  }
  let missing = false;
  const text = clause.replace(REF, (_m, key: string, param: string | undefined, wan: string | undefined) => {
    const f = find(key, param);
    if (!f || f.value === null) {
      missing = true;
      return '';
    }
    return displayValue(f.unit, f.value, { wan: Boolean(wan) });
  });
  return missing ? null : text;
}

export interface DraftPart {
  title: string;
  paragraphs: string[];
}

/** 一、主要工作情况: each part's paragraphs, 「（暂无数据）」 where none of its figures is at hand */
export function mainWork(figures: readonly DraftFigure[], opts: { asOf: string }): DraftPart[] {
  const find = (key: string, param?: string) => figures.find((f) => f.key === key && (f.param ?? undefined) === (param ?? undefined));
  return MAIN_WORK.map((part) => {
    const paragraphs: string[] = [];
    for (const s of part.sentences) {
      const clauses = s.clauses.map((c) => fill(c, find, figures)).filter((c): c is string => c !== null);
      if (!clauses.length) continue;
      const lead = (s.lead ?? '').replace('{asOf}', cnDate(opts.asOf));
      paragraphs.push(`${lead}${clauses.join(s.join ?? '，')}。`);
    }
    return { title: part.title, paragraphs: paragraphs.length ? [paragraphs.join('')] : [NO_DATA] };
  });
}

/** 2026-06-30 → 2026年6月30日 */
export function cnDate(iso: string): string {
  return `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

/** the clerk's text as paragraphs (blank lines and line breaks both start a new one) */
export function paragraphsOf(text: string | null | undefined): string[] {
  return (text ?? '').split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

export interface DraftText {
  title: string;
  /** the title as printed: one line, or the organization and the rest on two (a title of 2号 characters
   *  takes at most 21 to a line, and is broken where the meaning breaks, not mid-word) */
  titleLines: string[];
  intro: string[];
  main: DraftPart[];
  extra: string[];
  problems: string[];
  plans: string[];
  signature: { org: string; date: string };
}

export function draftText(input: {
  org: string;
  periodLabel: string;
  asOf: string;
  today: string;
  figures: readonly DraftFigure[];
  sections: Partial<Record<SectionKey, string>>;
}): DraftText {
  const intro = paragraphsOf(input.sections.intro);
  const title = `${input.org}${input.periodLabel}党建工作总结`;
  return {
    title,
    titleLines: [...title].length <= 21 ? [title] : [input.org, `${input.periodLabel}党建工作总结`],
    intro: intro.length
      ? intro
      : [`${input.periodLabel}，${input.org}坚持以习近平新时代中国特色社会主义思想为指导，认真落实新时代党的建设总要求，扎实推进各项党建工作。现将有关情况总结如下。`],
    main: mainWork(input.figures, { asOf: input.asOf }),
    extra: paragraphsOf(input.sections.extra),
    problems: paragraphsOf(input.sections.problems),
    plans: paragraphsOf(input.sections.plans),
    signature: { org: input.org, date: cnDate(input.today) },
  };
}
