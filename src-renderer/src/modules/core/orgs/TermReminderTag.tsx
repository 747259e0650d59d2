import { Tag } from 'antd';
import type { OrgDto, TermReminder } from '../../../../../src-main/modules/core/contract.ts';

// 换届 reminder (docs/domain/org-life.md#terms-and-elections, V26): the level is the configured lead time reached
// ('due180', 'due90', 'due30' by default, any 'dueN' when the clerk sets other days); the colour
// grows warmer as the deadline approaches.

function look(level: TermReminder): { color: string; text: string } | null {
  if (level === 'none') return null;
  if (level === 'ok') return { color: 'green', text: '任期内' };
  if (level === 'overdue') return { color: 'red', text: '已逾期' };
  const lead = Number(level.slice(3));
  const color = lead > 90 ? 'blue' : lead > 30 ? 'gold' : 'orange';
  return { color, text: lead >= 180 && lead % 30 === 0 ? `${lead / 30}个月内换届` : `${lead}天内换届` };
}

export function TermReminderTag({ org }: { org: OrgDto }) {
  const l = look(org.termReminder);
  if (!l) return <span style={{ color: '#bbb' }}>—</span>;
  const days = org.termDaysLeft;
  const title = days == null ? undefined : days < 0 ? `已超过换届期限 ${-days} 天` : `距换届期限还有 ${days} 天`;
  return (
    <Tag color={l.color} title={title} data-testid={`term-${org.termReminder}`}>
      {l.text}
      {org.termReminder !== 'ok' && days != null ? `（${Math.abs(days)}天）` : ''}
    </Tag>
  );
}
