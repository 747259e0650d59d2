import type { SetupStep } from '../setup.ts';
import { PasswordStep } from './PasswordStep.tsx';

// The data-safety step of the first-run wizard: an optional password (after the clerk's name).
export const setupSteps: SetupStep[] = [{ key: 'password', title: '设置密码（可选）', order: 20, component: PasswordStep }];
