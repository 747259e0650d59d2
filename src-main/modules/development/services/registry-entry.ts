import type { Selectable } from 'kysely';
import { AppError } from '../../../domain/errors.ts';
import type { ServiceContext } from '../../../services/context.ts';
import type { DevPeopleTable } from '../tables.ts';

// The admission meeting enters the person into the member registry as a 预备党员 (docs/domain/development.md#stages):
// through the core module's contract operation members.save (its rules: V10 age at admission, the ID
// number unique …), with the lifecycle fields 增加方式 = 发展党员 (重新入党 for a readmission) and 入党类型,
// so that the statistics count the admission in 发展党员 (docs/domain/statistics.md#balance-equation).
//
// members.save runs its own transaction; the development record is updated right after. Should that
// second step ever fail, the next `dev advance` finds the member it made (same 公民身份号码, 预备党员 since
// the same day) and links it instead of refusing.

type Person = Pick<Selectable<DevPeopleTable>, 'name' | 'id_number' | 'gender' | 'ethnicity' | 'birth_date' | 'education' | 'phone' | 'job_position' | 'work_unit' | 'org_id' | 'join_type'>;

export async function enterRegistry(ctx: ServiceContext, p: Person, admittedOn: string): Promise<number> {
  const existing = await ctx.kysely.selectFrom('members').select(['id', 'name', 'category', 'joined_on', 'roll']).where('id_number', '=', p.id_number).executeTakeFirst();
  let memberId: number;
  if (existing) {
    if (existing.category !== '预备党员' || existing.joined_on !== admittedOn) {
      throw new AppError('CONFLICT', `该公民身份号码已登记为党员（${existing.name}，${existing.category}，入党日期 ${existing.joined_on}），不能再接收`, 'person');
    }
    memberId = existing.id;
  } else {
    const saved = await ctx.registry.call(ctx, 'members.save', {
      member: {
        name: p.name,
        idNumber: p.id_number,
        gender: p.gender,
        ethnicity: p.ethnicity,
        birthDate: p.birth_date,
        education: p.education,
        category: '预备党员',
        joinedOn: admittedOn,
        orgId: p.org_id,
        phone: p.phone,
        jobPosition: p.job_position,
        workUnit: p.work_unit,
        increaseType: p.join_type === '重新入党' ? '重新入党' : '发展党员',
        joinType: p.join_type,
      },
    });
    memberId = saved.member.id;
  }
  return memberId;
}
