import type { Issue } from '../../../domain/errors.ts';

// Enumerations of the religious-belief screening campaign, declared once (docs/domain/religion-campaign.md).

/** campaign status */
export const CAMPAIGN_STATUSES = ['进行中', '已完成'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** screening status of one member */
export const SCREEN_STATUSES = ['未排查', '已排查'] as const;
export type ScreenStatus = (typeof SCREEN_STATUSES)[number];

/**
 * docs/domain/religion-campaign.md#screening-classification: heart-to-heart talks and home/field visits. The
 * method is what the clerk records; none is ever assumed (a screening without one counts in neither column).
 */
export const SCREEN_METHODS = ['谈心谈话', '走访'] as const;
export type ScreenMethod = (typeof SCREEN_METHODS)[number];

/** the result of a screening that found nothing (docs/domain/religion-campaign.md#handling-codes, code 01) */
export const NO_FINDING = '未发现问题';

/** the three categories of the Shandong special-rectification notice */
export const FINDING_CATEGORIES = ['已信仰宗教', '理想信念动摇', '党员意识不强'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
/** what may be stored as a finding: nothing found, or one of those categories */
export const FINDINGS = [NO_FINDING, ...FINDING_CATEGORIES] as const;
export type Finding = (typeof FINDINGS)[number];
/** `--belief` alone implies this category */
export const DEFAULT_FINDING_WITH_BELIEF: FindingCategory = '已信仰宗教';

/**
 * docs/domain/religion-campaign.md#religion-categories: the five organised religions, folk beliefs, other. 邪教
 * is NOT one.
 */
export const RELIGIONS = ['佛教', '道教', '伊斯兰教', '天主教', '基督教', '民间信仰', '其他'] as const;
export type Religion = (typeof RELIGIONS)[number];

export interface HandlingOutcome {
  /** register code, docs/domain/religion-campaign.md#handling-codes (01 is 未发现问题, not a handling) */
  code: string;
  label: string;
  /** other names clerks and local reports use for the same outcome */
  aliases: readonly string[];
}

/** handling outcomes with their codes; 教育转化 is the usual local label for code 02 */
export const HANDLING_OUTCOMES: readonly HandlingOutcome[] = [
  { code: '02', label: '教育转化', aliases: ['批评教育', '谈话提醒', '批评教育（谈话提醒）'] },
  { code: '03', label: '限期改正', aliases: [] },
  { code: '04', label: '劝退', aliases: ['劝其退党'] },
  { code: '05', label: '除名', aliases: ['劝而不退除名'] },
  { code: '06', label: '开除党籍', aliases: [] },
  { code: '07', label: '其他党纪处分', aliases: ['警告', '严重警告', '撤销党内职务', '留党察看'] },
  { code: '08', label: '组织处理', aliases: [] },
  { code: '09', label: '持续跟踪教育中', aliases: ['持续跟踪', '正在处置'] },
];
export const OUTCOME_LABELS = HANDLING_OUTCOMES.map((o) => o.label);
/** the outcome counted as "converted" on the board */
export const CONVERTED_OUTCOME = '教育转化';

/** resolves a label, alias or code ("02") to the outcome; null when unknown */
export function findOutcome(text: string): HandlingOutcome | null {
  const t = text.trim();
  return HANDLING_OUTCOMES.find((o) => o.label === t || o.code === t || o.aliases.includes(t)) ?? null;
}

export const SIGN_STATUSES = ['未签订', '已签订'] as const;
export type SignStatus = (typeof SIGN_STATUSES)[number];

/** docs/domain/religion-campaign.md#signing-ledger column 未签原因 */
export const NOT_SIGNED_REASONS = ['外出', '病休', '失联', '其他'] as const;
export type NotSignedReason = (typeof NOT_SIGNED_REASONS)[number];

/**
 * A value that must come from one of these lists, with a Chinese message naming the field (the
 * contract takes plain text for them so that the clerk reads 情形认定应为… instead of a key name).
 */
export function checkChoice(value: string | null | undefined, list: readonly string[], field: string, label: string): Issue[] {
  if (value == null || list.includes(value)) return [];
  return [{ field, message: `${label}应为：${list.join('、')}（收到“${value}”）` }];
}
