// The renderer's door to the shared pure code it shows (enumerations, field labels, money text): the
// renderer imports the contract only (src-main/contract/*, modules/*/contract.ts), never domain/ or
// services/ paths. A module's own pure code reaches its pages through its contract.ts the same way.

export {
  AGE_BANDS, CATEGORIES, DEFAULT_TERM_YEARS, EDUCATIONS, ETHNICITIES, GENDERS, JOB_POSITIONS, MEMBER_EVENT_TYPES,
  ORG_TYPES, PARTY_AGE_BANDS, ROLLS, STATUSES, type OrgType,
} from '../domain/enums.ts';
export { FIELD_LABELS } from '../domain/field-labels.ts';
export { NEW_STRATA, PROF_TITLES } from '../domain/member-stat-fields.ts';
export { formatFen, parseYuan } from '../domain/money.ts';
export { NOT_FILLED, operatorLabel } from '../domain/operator.ts';
export { displayOrgName } from '../domain/org-names.ts';
export type { Issue } from '../domain/errors.ts';
