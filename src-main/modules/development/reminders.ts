import type { ReminderSource } from '../../services/context.ts';
import { developmentReminders } from './services/board.ts';

// The development pipeline on the home page (docs/domain/development.md#reminders): talks, half-yearly
// reviews, eligibility as a candidate, short training, approval after the admission meeting.
export const reminders: ReminderSource = (ctx, q) => developmentReminders(ctx, q);
