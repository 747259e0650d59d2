import type { ComponentType } from 'react';
import type { Settings } from '../../../src-main/modules/core/contract.ts';

// The first-run wizard's steps (src-renderer/src/components/SetupWizard.tsx), gathered from every module
// folder's setup.ts the way pages are: a module adds a step by exporting `setupSteps` from
// src-renderer/src/modules/<name>/setup.ts, no list to edit here. Steps run in `order`: core's clerk name
// is 10; an optional password step of the data-safety module would come after it (e.g. 20).

export interface SetupStepProps {
  settings: Settings;
  /** the step is done (saved, or skipped when it is optional): go on, or finish after the last step */
  next: () => void;
  /** back to the step before (undefined on the first) */
  back?: () => void;
  /** this is the last step shown: its button should say 完成 rather than 下一步 */
  last: boolean;
}

export interface SetupStep {
  key: string;
  /** shown in the wizard's steps bar, e.g. 填写姓名 */
  title: string;
  order: number;
  /** whether the step has anything to do for these settings (default: always shown) */
  needed?: (settings: Settings) => boolean;
  component: ComponentType<SetupStepProps>;
}

const found = import.meta.glob<{ setupSteps: SetupStep[] }>('./*/setup.ts', { eager: true });

export const SETUP_STEPS: SetupStep[] = Object.values(found)
  .flatMap((m) => m.setupSteps)
  .sort((a, b) => a.order - b.order);
