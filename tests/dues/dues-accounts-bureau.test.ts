import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, addOrg, seedBureau, type Bureau } from '../support/seed.ts';

// opening + income − remitted − spent = closing, for every organization and for the whole tree
// (docs/domain/dues.md#accounts-across-levels), on a generated bureau: two years of payments, reversals,
// voluntary one-offs, remittances up (inside the tree and out of it), spending and allocations down. The
// expected figures are computed here from the generated events, not by the code under test.

let f: TestDb & Bureau;
const BRANCHES = 5;
const PER_BRANCH = 6;
const YEARS = [2025, 2026] as const;

/** a small deterministic generator (mulberry32) */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Book { income: number; remitted: number; spent: number; allocated: number; centre: number }
const expected = new Map<string, Book>(); // `${orgId}:${year}`
const book = (org: number, year: number): Book => {
  const k = `${org}:${year}`;
  let b = expected.get(k);
  if (!b) expected.set(k, (b = { income: 0, remitted: 0, spent: 0, allocated: 0, centre: 0 }));
  return b;
};
const openings = new Map<string, number>();
/** per year: money from members into the tree, and money that left it (remitted outside, used) */
const tree = new Map<number, { fromMembers: number; outside: number; used: number }>();
const flows = (year: number) => {
  let t = tree.get(year);
  if (!t) tree.set(year, (t = { fromMembers: 0, outside: 0, used: 0 }));
  return t;
};
let committee: number;
const branches: number[] = [];
const orgs: number[] = [];

beforeAll(async () => {
  const t = await openTestDb({ today: '2025-01-01' });
  f = { ...t, ...seedBureau(t, ['第一支部', '第二支部']) };
  committee = f.committee;
  // the fixture's two branches plus three more
  branches.push(f.branchA, f.branchB);
  for (let i = 3; i <= BRANCHES; i++) branches.push(addOrg(f, `中共某某局机关第${i}党支部`, { parent: committee }));
  orgs.push(committee, ...branches);
  const members: { id: string; org: number; fen: number }[] = [];
  let seq = 100;
  for (const b of branches) {
    for (let j = 0; j < PER_BRANCH; j++) {
      const id = makeId('19700101', String(seq++).padStart(3, '0'));
      addMember(f, { name: `党员${seq}`, idNumber: id, org: b });
      members.push({ id, org: b, fen: 0 });
    }
  }
  const rand = rng(20261201);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const setToday = (d: string) => {
    f.ctx.clock.today = () => d;
  };
  // openings for the first year, some organizations only
  for (const o of orgs) {
    if (rand() < 0.6) {
      const fen = Math.floor(rand() * 500_000);
      openings.set(`${o}:2025`, fen);
      await f.call('dues.setOpening', { orgId: o, year: 2025, amount: yuan(fen) });
    }
  }
  for (const year of YEARS) {
    setToday(`${year}-12-31`);
    for (const m of members) {
      const r = await f.call('dues.setBase', { idNumber: m.id, year, category: '在职', income: String(3000 + Math.floor(rand() * 9000)) });
      m.fen = r.standard.amountFen;
    }
    for (let month = 1; month <= 12; month++) {
      const mm = `${year}-${String(month).padStart(2, '0')}`;
      for (const m of members) {
        if (rand() < 0.75) {
          const day = `${mm}-${String(1 + Math.floor(rand() * 27)).padStart(2, '0')}`;
          const p = await f.call('dues.pay', { idNumber: m.id, months: mm, amount: yuan(m.fen), paidOn: day, confirm: true });
          book(m.org, year).income += m.fen;
          flows(year).fromMembers += m.fen;
          // now and then a mistake, reversed a few days later (the reversal counts on its own day)
          if (rand() < 0.05) {
            const rev = `${mm}-28`;
            await f.call('dues.reverse', { paymentId: p.payment.id, reason: '录入错误', date: rev });
            book(m.org, year).income -= m.fen;
            flows(year).fromMembers -= m.fen;
          }
        }
      }
      // voluntary one-offs: under 1,000 元 income, 1,000 元 or more due to the Centre
      if (rand() < 0.3) {
        const m = pick(members);
        const fen = rand() < 0.5 ? 50_000 + Math.floor(rand() * 40_000) : 100_000 + Math.floor(rand() * 200_000);
        await f.call('dues.voluntary', { idNumber: m.id, amount: yuan(fen), paidOn: `${mm}-15` });
        if (fen >= 100_000) book(m.org, year).centre += fen;
        else {
          book(m.org, year).income += fen;
          flows(year).fromMembers += fen;
        }
      }
      // quarterly: branches remit to the committee; the committee remits outside the tree, spends, allocates
      if (month % 3 === 0) {
        for (const b of branches) {
          if (rand() < 0.8) {
            const fen = 1000 + Math.floor(rand() * 200_000);
            await f.call('dues.remit', { orgId: b, period: `${year}-Q${month / 3}`, amount: yuan(fen), paidOn: `${mm}-20` });
            book(b, year).remitted += fen;
            book(committee, year).income += fen;
          }
        }
        const up = 1000 + Math.floor(rand() * 100_000);
        await f.call('dues.remit', { orgId: committee, period: `${year}-Q${month / 3}`, amount: yuan(up), toOrg: '中共某某市直机关工委', paidOn: `${mm}-25` });
        book(committee, year).remitted += up;
        flows(year).outside += up;
        const use = 1000 + Math.floor(rand() * 50_000);
        const spender = pick(orgs);
        await f.call('dues.spend', { orgId: spender, kind: '使用', category: '培训党员', amount: yuan(use), spentOn: `${mm}-26`, decisionRef: '会议纪要', approver: '书记' });
        book(spender, year).spent += use;
        flows(year).used += use;
        const alloc = 1000 + Math.floor(rand() * 80_000);
        const to = pick(branches);
        await f.call('dues.spend', { orgId: committee, kind: '下拨', toOrgId: to, amount: yuan(alloc), spentOn: `${mm}-27`, decisionRef: '党委会纪要', approver: '书记' });
        book(committee, year).spent += alloc;
        book(committee, year).allocated += alloc;
        book(to, year).income += alloc;
      }
    }
  }
  // a year-end figure set by hand for one branch overrides the carry-over
  openings.set(`${branches[2]}:2026`, 12_345);
  await f.call('dues.setOpening', { orgId: branches[2], year: 2026, amount: '123.45' });
}, 600_000);
afterAll(async () => {
  await f?.close();
});

/** the expected account of an organization, carried over from year to year as the rule says */
function expectedAccount(org: number, year: number): Book & { opening: number; closing: number } {
  const b = book(org, year);
  let opening = openings.get(`${org}:${year}`);
  if (opening === undefined) opening = year > YEARS[0] ? expectedAccount(org, year - 1).closing : 0;
  return { ...b, opening, closing: opening + b.income - b.remitted - b.spent };
}

describe('a generated bureau: two years of money across three levels', () => {
  it('every organization’s account matches the figures computed from the generated events, and the identity holds', async () => {
    for (const year of YEARS) {
      for (const o of orgs) {
        const { balance } = await f.call('dues.accounts', { orgId: o, year });
        const want = expectedAccount(o, year);
        expect({ org: o, year, opening: balance.openingFen, income: balance.incomeFen, remitted: balance.remittedFen, spent: balance.spentFen, allocated: balance.allocatedFen, centre: balance.dueToCentreFen, closing: balance.closingFen })
          .toEqual({ org: o, year, opening: want.opening, income: want.income, remitted: want.remitted, spent: want.spent, allocated: want.allocated, centre: want.centre, closing: want.closing });
        expect(balance.openingFen + balance.incomeFen - balance.remittedFen - balance.spentFen).toBe(balance.closingFen);
      }
    }
  });

  it('the whole tree: the sum of closings is the bureau’s own balance — the internal transfers cancel', async () => {
    for (const year of YEARS) {
      const accounts = orgs.map((o) => expectedAccount(o, year));
      const sum = accounts.reduce((s, a) => s + a.closing, 0);
      // what the tree holds: its openings, plus what members paid in, less what left it (remitted outside the
      // tree, spent); remittances to the committee and allocations down only move money inside it
      const t = flows(year);
      expect(sum).toBe(accounts.reduce((s, a) => s + a.opening, 0) + t.fromMembers - t.outside - t.used);
      // and the summary table's 合计 says the same
      const file = await runExport(f.ctx, 'dues-summary', { year });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.bytes) as never);
      let total: ExcelJS.Row | null = null;
      let header: string[] = [];
      wb.worksheets[0].eachRow((row) => {
        const vals = (row.values as unknown[]).map((v) => (v == null ? '' : String(v)));
        if (vals.includes('结余') && !header.length) header = vals;
        if (vals[1] === '合计') total = row;
      });
      const col = header.indexOf('结余');
      expect(Math.round(Number(total!.getCell(col).value) * 100)).toBe(sum);
      // a row for every organization holding an account, the committee included
      let rowsOfOrgs = 0;
      wb.worksheets[0].eachRow((row) => {
        if (/^\d+$/.test(String(row.getCell(1).value ?? ''))) rowsOfOrgs++;
      });
      expect(rowsOfOrgs).toBe(orgs.length);
    }
  });
});
