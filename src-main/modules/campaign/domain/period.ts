import { addMonths, lastDay, monthOf } from '../../../domain/periods.ts';

// A new campaign's suggested period (docs/domain/religion-campaign.md#campaign-period): it starts today and runs to
// the end of the sixth month counting this one, so it is never already over when the clerk creates it.

export interface CampaignPeriod {
  year: number;
  start: string;
  end: string;
  name: string;
}

export function defaultCampaignPeriod(today: string): CampaignPeriod {
  const year = Number(today.slice(0, 4));
  return { year, start: today, end: lastDay(addMonths(monthOf(today), 5)), name: `${year}年党员信教问题专项整治` };
}
