import type { FigureDefinition } from '../../../domain/figures.ts';
import { TRAINING_KINDS, TRAINING_LEVELS } from './training.ts';

// The organizational-life figures of the work report (docs/domain/report.md#organizational-life-and-training),
// declared once: activities counted as the compliance board counts them, a joint activity once for the
// subtree and once for each organization that held it; training 人次, study hours per member and the
// compliance rate. Computed by services/figures.ts. Pure.

/** the 三会一课 meeting types (docs/domain/org-life.md#registers) */
export const MEETING_TYPES = ['支部党员大会', '支部委员会', '党小组会', '党课'] as const;
/** a training figure's parameter: a class's kind or the level that held it (docs/domain/org-life.md#training-hours) */
export const TRAINING_PARAM_VALUES: readonly string[] = [...TRAINING_KINDS, ...TRAINING_LEVELS];
/** organizations whose 第一议题 study counts at the 党组/党委 level */
export const LEADING_ORG_TYPES = ['党委', '党组'] as const;

export const ORGLIFE_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'firstTopicStudies', label: '第一议题学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内党委、党组举行并登记了“第一议题”的活动次数（党组（党委）会议、理论学习中心组学习等），几个组织联合举行的只计一次',
  },
  {
    key: 'branchFirstTopicStudies', label: '支部第一议题学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内党总支、党支部、党小组举行并登记了“第一议题”的活动次数，联合举行的只计一次',
  },
  {
    key: 'centralGroupStudies', label: '理论学习中心组集中学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内范围内组织举行的“理论学习中心组学习”次数',
  },
  {
    key: 'topicStudies', label: '专题学习次数', unit: '次', group: '理论学习', additive: false,
    param: { kind: 'tag', label: '专题', required: false, values: null },
    rule: '期间内标注了专题（如二十大精神、主题教育）的活动次数；指定专题时只计标注该专题的，联合举行的只计一次',
  },
  {
    key: 'deploymentMeetings', label: '专题部署会次数', unit: '次', group: '组织生活', additive: false,
    param: { kind: 'tag', label: '专题', required: false, values: null },
    rule: '期间内召开的“专题部署会”次数；指定专题时只计标注该专题的',
  },
  {
    key: 'meetingsByType', label: '三会一课次数', unit: '次', group: '组织生活', additive: false,
    param: { kind: 'meetingType', label: '会议类型', required: true, values: MEETING_TYPES },
    rule: '期间内召开的该类会议次数（支部委员会等须达到法定人数才计入），联合召开的只计一次',
  },
  {
    key: 'themeDays', label: '主题党日次数', unit: '次', group: '组织生活', additive: false,
    rule: '期间内开展的主题党日活动次数；几个支部联合开展的，对上级组织只计一次，对每个参加的支部各计一次',
  },
  { key: 'partyLectures', label: '党课次数', unit: '次', group: '组织生活', additive: false, rule: '期间内讲授党课的次数' },
  { key: 'secretaryLectures', label: '书记讲党课次数', unit: '次', group: '组织生活', additive: false, rule: '期间内主讲人类别为“书记”的党课次数' },
  {
    key: 'expertLectures', label: '专家学者上讲台人次', unit: '人次', group: '组织生活', additive: false,
    rule: '期间内主讲人类别为“专家学者”的活动，每次活动计一人次',
  },
  {
    key: 'orgLifeRate', label: '组织生活落实率', unit: '%', group: '组织生活', additive: false,
    rule: '范围内各组织按规定应召开的组织生活（已到期的月、季、年）中已召开的比例：已开 ÷ 应开 × 100，保留两位小数（与组织生活制度落实情况统计表一致）',
  },
  {
    key: 'trainingAttendances', label: '培训人次', unit: '人次', group: '教育培训', additive: true,
    param: { kind: 'training', label: '培训类别或层级', required: false, values: TRAINING_PARAM_VALUES },
    rule: '开班日期在期间内、由范围内组织登记的培训班的参训人次（一人参加两个班计两人次）；可按类别或举办层级统计',
  },
  {
    key: 'studyHoursPerMember', label: '人均学时', unit: '学时', group: '教育培训', additive: false,
    rule: '统计截止日在册党员（与党员学时统计表的范围相同）在期间内参加培训班（按开班日期）和登记学时的活动（出席）的学时之和 ÷ 在册党员数，保留一位小数',
  },
];
