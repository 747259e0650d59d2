// Activity types as data (docs/domain/org-life.md#activity-types): the names clerks use, their common
// abbreviations, which organizations may hold them, and who is expected to attend. The defaults below
// seed the orglife_types table; the clerk may add types and aliases. Pure.

export const ORG_TYPES_ALL = ['党委', '党总支', '党支部', '联合党支部', '党小组', '党组'] as const;
const BRANCH_LIKE = ['党支部', '联合党支部', '党总支'];

/** 中心组 = 理论学习中心组; 党组（党委）= the members of the 党组 or of the 党委 (the leadership team) */
export const PANEL_KINDS = ['中心组', '党组（党委）'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/**
 * Who should attend (docs/domain/org-life.md#who-should-attend):
 * all — every member on the roll of the organization (and the organizations under it) that day;
 * committee — those of them whose 党内职务 is a committee post;
 * panel — the organization's 中心组 or 党组（党委） list on that day;
 * none — no headcount (谈心谈话, 其他: the people are named in the record).
 */
export type AttendeeRule = 'all' | 'committee' | 'panel' | 'none';
export const ATTENDEE_RULES: readonly AttendeeRule[] = ['all', 'committee', 'panel', 'none'];

export interface ActivityType {
  name: string;
  aliases: string[];
  /** organization types that may hold it */
  holders: string[];
  attendees: AttendeeRule;
  panel: PanelKind | null;
  /** valid only with more than half of those with a vote present (org-life.md#quorum-and-voting) */
  quorum: boolean;
  /** may record a vote */
  votes: boolean;
  sortOrder: number;
}

const t = (
  name: string,
  aliases: string[],
  holders: readonly string[],
  attendees: AttendeeRule,
  extra: Partial<Pick<ActivityType, 'panel' | 'quorum' | 'votes'>> = {},
): Omit<ActivityType, 'sortOrder'> => ({ name, aliases, holders: [...holders], attendees, panel: extra.panel ?? null, quorum: extra.quorum ?? false, votes: extra.votes ?? false });

export const DEFAULT_TYPES: readonly ActivityType[] = [
  t('支部党员大会', ['党员大会', '支部大会', '支部党员会', '党员会'], BRANCH_LIKE, 'all', { quorum: true, votes: true }),
  t('支部委员会', ['支委会', '支部委员会会议', '支委会议', '总支委员会', '支委'], BRANCH_LIKE, 'committee', { quorum: true, votes: true }),
  t('党小组会', ['小组会', '党小组会议', '党小组'], ['党小组', '党支部', '联合党支部'], 'all'),
  t('党课', ['专题党课', '讲党课', '上党课'], [...BRANCH_LIKE, '党委', '党小组'], 'all'),
  t('主题党日', ['主题党日活动', '党日活动', '党日'], [...BRANCH_LIKE, '党委', '党小组'], 'all'),
  t('组织生活会', ['专题组织生活会'], [...BRANCH_LIKE, '党小组'], 'all'),
  t('民主评议党员', ['民主评议', '评议党员'], BRANCH_LIKE, 'all'),
  t('谈心谈话', ['谈心', '谈话', '谈心谈话会'], ORG_TYPES_ALL, 'none'),
  t('民主生活会', ['专题民主生活会', '领导班子民主生活会'], ['党委', '党组'], 'panel', { panel: '党组（党委）' }),
  t('理论学习中心组学习', ['中心组学习', '中心组', '理论学习中心组', '中心组集中学习', '党委理论学习中心组学习'], ['党委', '党组', '党总支'], 'panel', { panel: '中心组' }),
  t('党组（党委）会议', ['党组会议', '党委会议', '党委会', '党组会', '党委（党组）会议'], ['党委', '党组'], 'panel', { panel: '党组（党委）', quorum: true, votes: true }),
  t('专题部署会', ['部署会', '专题会议', '工作部署会'], ORG_TYPES_ALL, 'none'),
  t('远程教育收看', ['远程教育', '党员远程教育', '远教收看'], [...BRANCH_LIKE, '党小组'], 'all'),
  t('其他', ['其他活动'], ORG_TYPES_ALL, 'none'),
].map((x, i) => ({ ...x, sortOrder: (i + 1) * 10 }));

/** type names are compared without whitespace and with full-width forms folded (（） = ()) */
export const typeKey = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');

/** the type a clerk's word names: its name or one of its aliases; null when none */
export function findType<T extends Pick<ActivityType, 'name' | 'aliases'>>(types: readonly T[], word: string): T | null {
  const k = typeKey(word);
  if (!k) return null;
  return types.find((x) => typeKey(x.name) === k) ?? types.find((x) => x.aliases.some((a) => typeKey(a) === k)) ?? null;
}

export const LECTURER_KINDS = ['书记', '班子成员', '专家学者', '先进典型', '其他'] as const;
export type LecturerKind = (typeof LECTURER_KINDS)[number];

/**
 * Committee posts (docs/domain/org-life.md#committee-members): a 党内职务 naming a post that ends in 书记
 * (书记, 副书记) or 委员 (组织委员, 宣传委员, 纪检委员, 青年委员 …), alone or within a longer title
 * (机关第一党支部书记) or a list (组织委员、党小组长). 党小组长 and 党员 are not committee posts.
 */
export function isCommitteePost(post: string | null | undefined): boolean {
  if (!post) return false;
  return post
    .normalize('NFKC')
    .split(/[、,;；/\s]+/u)
    .some((p) => /(书记|委员)$/u.test(p.trim()));
}

export const isSecretaryPost = (post: string | null | undefined): boolean =>
  Boolean(post && post.normalize('NFKC').split(/[、,;；/\s]+/u).some((p) => /书记$/u.test(p.trim())));
