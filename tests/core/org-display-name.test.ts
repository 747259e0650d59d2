import { describe, expect, it } from 'vitest';
import { displayOrgName } from '../../src-main/contract/shared.ts';

// Where space is short the roster, checklist, board and arrears list show an organization by what tells it
// apart: its 简称, else its name without the start it shares with its parent (full name on hover and in print).

describe('displayOrgName', () => {
  const parent = '中共某某市统计局机关委员会';
  it('prefers the 简称', () => {
    expect(displayOrgName({ name: '中共某某市统计局机关第一党支部', shortName: '一支部' }, parent)).toBe('一支部');
  });
  it('without one, drops the start shared with the parent, so siblings differ at once', () => {
    const a = displayOrgName({ name: '中共某某市统计局机关第一党支部' }, parent);
    const b = displayOrgName({ name: '中共某某市统计局机关第二党支部' }, parent);
    expect([a, b]).toEqual(['第一党支部', '第二党支部']);
  });
  it('keeps the full name at the top, when little is shared, or when the rest would be too short', () => {
    expect(displayOrgName({ name: parent }, null)).toBe(parent);
    expect(displayOrgName({ name: '离退休党支部' }, parent)).toBe('离退休党支部');
    expect(displayOrgName({ name: '中共某某市统计局机关委员会办' }, parent)).toBe('中共某某市统计局机关委员会办');
  });
});
