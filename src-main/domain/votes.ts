// Quorum and majority of a branch general meeting (docs/domain/org-life.md#quorum-and-voting): the one
// pure rule for every vote the app records — a decision of the 支部党员大会, the admission of a 预备党员
// and a 转正 (docs/domain/development.md#time-rules). Shared by the development pipeline and the
// organizational-life register.
//
// - Quorum: more than half of the members with voting rights who should attend (应到) are present (实到).
//   For an admission or a 转正 both figures count FULL members only: 预备党员 have no vote.
// - Passes: the "yes" votes exceed half of those who should attend (not of those present). Written
//   opinions handed in beforehand by absent full members count with the votes (`written`).

export interface VoteCount {
  /** 应到会有表决权的（正式）党员 */
  expected: number;
  /** 实到会有表决权的（正式）党员 */
  present: number;
  for: number;
  against: number;
  abstain: number;
  /** written opinions of absent voting members counted with the votes (书面意见), default 0 */
  written?: number;
}

export type VoteKind = 'decision' | 'admission' | 'confirmation';

export interface VoteResult {
  /** the figures hang together (whole numbers, present ≤ expected, votes ≤ voters) */
  valid: boolean;
  /** more than half of those who should attend are present */
  quorum: boolean;
  /** yes votes exceed half of those who should attend (only meaningful with a quorum) */
  passed: boolean;
  /** why not, one Chinese sentence each (empty when valid, quorate and passed) */
  problems: string[];
}

const WHO: Record<VoteKind, string> = {
  decision: '有表决权的党员',
  admission: '有表决权的正式党员',
  confirmation: '有表决权的正式党员',
};

/** V22 and the majority rule, for the kind of meeting */
export function checkVote(v: VoteCount, kind: VoteKind = 'decision'): VoteResult {
  const who = WHO[kind];
  const problems: string[] = [];
  const written = v.written ?? 0;
  const figures: [string, number][] = [
    ['应到人数', v.expected], ['实到人数', v.present], ['赞成票', v.for], ['反对票', v.against], ['弃权票', v.abstain], ['书面意见', written],
  ];
  for (const [label, n] of figures) {
    if (!Number.isInteger(n) || n < 0) problems.push(`${label}应为不小于0的整数`);
  }
  if (problems.length) return { valid: false, quorum: false, passed: false, problems };
  if (v.expected === 0) problems.push(`应到会${who}人数不能为0`);
  if (v.present > v.expected) problems.push(`实到人数（${v.present}）不能多于应到人数（${v.expected}）`);
  if (written > v.expected - v.present) problems.push(`书面意见（${written}）不能多于未到会人数（${v.expected - v.present}）`);
  const cast = v.for + v.against + v.abstain;
  if (cast > v.present + written) problems.push(`赞成、反对、弃权合计（${cast}）不能多于实到人数${written ? '与书面意见' : ''}（${v.present + written}）`);
  if (problems.length) return { valid: false, quorum: false, passed: false, problems };
  const quorum = v.present * 2 > v.expected;
  if (!quorum) problems.push(`到会${who}${v.present}人，未超过应到${v.expected}人的半数，不能表决`);
  const passed = quorum && v.for * 2 > v.expected;
  if (quorum && !passed) problems.push(`赞成票${v.for}票，未超过应到会${who}${v.expected}人的半数，未通过`);
  return { valid: true, quorum, passed, problems };
}
