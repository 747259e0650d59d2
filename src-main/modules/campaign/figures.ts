import type { FigureSource } from '../../services/context.ts';
import { CAMPAIGN_FIGURES } from './domain/figures.ts';
import { computeCampaignFigures, explainCampaignFigure } from './services/figures.ts';

// The screening campaign's figures for the work report (docs/domain/report.md#screening).
export const figures: FigureSource = {
  definitions: CAMPAIGN_FIGURES,
  compute: computeCampaignFigures,
  explain: explainCampaignFigure,
};
