import type { SetupStep } from '../setup.ts';
import { ClerkNameStep } from './ClerkNameStep.tsx';

// Core's step of the first-run wizard: who the clerk is (docs/domain/members.md#operator).
export const setupSteps: SetupStep[] = [
  { key: 'clerk-name', title: '填写经办人', order: 10, needed: (s) => !s.clerkName, component: ClerkNameStep },
];
