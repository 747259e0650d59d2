// Quorum and voting (docs/domain/org-life.md#quorum-and-voting), as pure rules:
// - a meeting may decide only when MORE than half of those with a vote who should attend are present;
// - a motion passes when 赞成 exceeds half of those with a vote who should attend (not of those present);
// - 预备党员 have no vote: they never count in a quorum or a vote;
// - for admitting a 预备党员 or 转正, written opinions sent in advance by absent full members count as votes.

export const VOTE_KINDS = ['一般事项', '接收预备党员', '预备党员转正'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export interface Ballot {
  for: number;
  against: number;
  abstain: number;
}

export interface VoteInput extends Ballot {
  kind: VoteKind;
  /** written opinions of absent full members (admission and 转正 only) */
  written?: Ballot | null;
}

/** with a vote: full members (or, for a committee, its members); present among them */
export interface VoteBasis {
  votingExpected: number;
  votingPresent: number;
}

const sum = (b: Ballot) => b.for + b.against + b.abstain;

/** more than half of those with a vote who should attend are present */
export const hasQuorum = (b: VoteBasis): boolean => b.votingExpected > 0 && b.votingPresent * 2 > b.votingExpected;

export const allowsWrittenOpinions = (kind: VoteKind): boolean => kind !== '一般事项';

export interface VoteProblem {
  field: string;
  message: string;
}

/** why a recorded vote cannot stand, or [] (each message names the field) */
export function voteProblems(basis: VoteBasis, v: VoteInput): VoteProblem[] {
  const out: VoteProblem[] = [];
  for (const [k, label] of [['for', '赞成'], ['against', '反对'], ['abstain', '弃权']] as const) {
    if (!Number.isInteger(v[k]) || v[k] < 0) out.push({ field: `votes.${k}`, message: `「表决情况」的${label}票数应为不小于 0 的整数` });
  }
  if (out.length) return out;
  if (!hasQuorum(basis)) {
    out.push({
      field: 'votes',
      message: `到会有表决权人数未过半，不能表决（应到有表决权 ${basis.votingExpected} 人，实到 ${basis.votingPresent} 人；预备党员没有表决权）`,
    });
  }
  if (sum(v) > basis.votingPresent) {
    out.push({ field: 'votes', message: `「表决情况」的票数合计 ${sum(v)} 超过了到会有表决权的人数 ${basis.votingPresent}` });
  }
  if (v.written && sum(v.written) > 0) {
    if (!allowsWrittenOpinions(v.kind)) {
      out.push({ field: 'votes.written', message: '只有接收预备党员和预备党员转正的表决才计入因故缺席正式党员的书面意见' });
    } else if (sum(v.written) > basis.votingExpected - basis.votingPresent) {
      out.push({
        field: 'votes.written',
        message: `「书面意见」${sum(v.written)} 份超过了缺席的有表决权人数 ${basis.votingExpected - basis.votingPresent}`,
      });
    }
  }
  return out;
}

/** 赞成 (with written 赞成 where they count) exceeds half of those with a vote who should attend */
export function votePasses(basis: VoteBasis, v: VoteInput): boolean {
  const written = v.written && allowsWrittenOpinions(v.kind) ? v.written.for : 0;
  return hasQuorum(basis) && (v.for + written) * 2 > basis.votingExpected;
}
