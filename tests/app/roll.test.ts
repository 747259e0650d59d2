import { describe, expect, it } from 'vitest';
import { onRollOf, orgOnDate, rollSpans } from '../../src-main/domain/roll.ts';
import { openTestDb } from '../support/db.ts';
import { membersOnRoll } from '../../src-main/services/roll.ts';

const A = 1;
const B = 2;

describe('who is on the roll of which organization on a day', () => {
  it('joins, moves, leaves and returns, from the member’s own dates', () => {
    const spans = rollSpans({
      joinedOn: '2010-07-01',
      orgId: B,
      events: [
        { type: '调整', date: '2015-03-01', fromOrgId: A, toOrgId: B },
        { type: '转出', date: '2018-05-20', fromOrgId: B },
        { type: '转入', date: '2020-01-10', fromOrgId: B, toOrgId: B },
        { type: '失联', date: '2021-01-01' },
      ],
    });
    expect(spans).toEqual([
      { orgId: A, from: '2010-07-01', until: '2015-03-01' },
      { orgId: B, from: '2015-03-01', until: '2018-05-20' },
      { orgId: B, from: '2020-01-10', until: null },
    ]);
    expect(orgOnDate(spans, '2010-06-30')).toBeNull();
    expect(orgOnDate(spans, '2010-07-01')).toBe(A);
    expect(orgOnDate(spans, '2015-02-28')).toBe(A);
    expect(orgOnDate(spans, '2015-03-01')).toBe(B);
    expect(orgOnDate(spans, '2018-05-19')).toBe(B);
    expect(orgOnDate(spans, '2018-05-20')).toBeNull();
    expect(orgOnDate(spans, '2020-01-10')).toBe(B);
    expect(onRollOf(spans, new Set([A, B]), '2016-01-01')).toBe(true);
    expect(onRollOf(spans, new Set([A]), '2016-01-01')).toBe(false);
  });

  it('a death ends it for good; a month-only date counts from the first of its month', () => {
    const spans = rollSpans({ joinedOn: '1970-05', orgId: A, events: [{ type: '死亡', date: '2026-09-15', fromOrgId: A }] });
    expect(orgOnDate(spans, '1970-05-01')).toBe(A);
    expect(orgOnDate(spans, '1970-04-30')).toBeNull();
    expect(orgOnDate(spans, '2026-09-14')).toBe(A);
    expect(orgOnDate(spans, '2026-12-31')).toBeNull();
  });

  it('reads the registry: a member transferred out on 12-30 is not on the roll on 12-31', async () => {
    const t = await openTestDb({ today: '2026-12-31' });
    const { db, ctx } = t;
    try {
      const now = '2026-01-01T00:00:00Z';
      const org = (name: string, p: string) =>
        Number(db.sqlite.prepare(`INSERT INTO orgs (name, type, path, sort_order, created_at, updated_at) VALUES (?, '党支部', ?, 0, ?, ?)`).run(name, p, now, now).lastInsertRowid);
      const a = org('甲支部', '/1/');
      const b = org('乙支部', '/2/');
      const member = (name: string, idNumber: string, orgId: number, joinedOn: string) =>
        Number(db.sqlite.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, roll, status, created_at, updated_at)
          VALUES (?, ?, '', ?, '男', '1980-01-01', '正式党员', ?, ?, '在册', '正常', ?, ?)`).run(name, name, idNumber, joinedOn, orgId, now, now).lastInsertRowid);
      const event = (memberId: number, type: string, date: string, fromOrgId: number | null, toOrgId: number | null) =>
        db.sqlite.prepare(`INSERT INTO member_events (member_id, type, date, from_org_id, to_org_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`).run(memberId, type, date, fromOrgId, toOrgId, now);
      const stays = member('张一', '110101198001010011', a, '2000-01-01');
      const out = member('张二', '110101198001010027', a, '2000-01-01');
      db.sqlite.prepare(`UPDATE members SET roll = '转出', left_on = '2026-12-30' WHERE id = ?`).run(out);
      event(out, '转出', '2026-12-30', a, null);
      const moved = member('张三', '110101198001010035', b, '2000-01-01');
      event(moved, '调整', '2026-06-01', a, b);
      const joinedLate = member('张四', '110101198001010043', a, '2027-01-01');
      void joinedLate;
      const on = async (date: string, orgIds: number[] | null) => (await membersOnRoll(ctx.kysely, date, orgIds)).map((r) => [r.memberId, r.orgId]).sort();
      expect(await on('2026-12-29', [a])).toEqual([[stays, a], [out, a]].sort());
      expect(await on('2026-12-31', [a])).toEqual([[stays, a]]);
      expect(await on('2026-05-31', [a])).toEqual([[stays, a], [out, a], [moved, a]].sort());
      expect(await on('2026-12-31', [b])).toEqual([[moved, b]]);
      expect((await on('2026-12-31', null)).length).toBe(2);
    } finally {
      await t.close();
    }
  });
});
