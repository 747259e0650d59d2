import type { IsoDate } from '../../../domain/periods.ts';

// The bands the statistical tables count by, as versioned data (docs/domain/statistics.md#bulletin-figures:
// the forms' bands changed over time, and will again). A table as of a date uses the newest version in
// force on that date. Age and 党龄 bands are inclusive whole years; joining-time bands are inclusive days
// (docs/domain/statistics.md#joining-time-bands). A month-only date is placed by the first of its month.

export interface YearBand {
  label: string;
  min: number;
  max: number;
}

export interface DateBand {
  label: string;
  /** inclusive, null = open */
  from: IsoDate | null;
  /** inclusive, null = open */
  to: IsoDate | null;
}

export interface BandVersion {
  /** the form version, e.g. '2017' */
  version: string;
  /** in force for statistics dates from this day */
  from: IsoDate;
  /** 党员基本情况: age columns */
  basicAge: readonly YearBand[];
  /** 党员入党时间情况 */
  joinTime: readonly DateBand[];
  /** 党员出党情况: age rows (at the date of leaving) */
  exitAge: readonly YearBand[];
  /** 党员出党情况: joining-time rows */
  exitJoinTime: readonly DateBand[];
  /** 党龄 (U21: no official table; office practice) */
  partyAge: readonly YearBand[];
  /** the 35岁及以下 column of the 发展党员 / 入党积极分子 tables */
  youngMax: number;
}

const PARTY_AGE: readonly YearBand[] = [
  { label: '不满5年', min: 0, max: 4 },
  { label: '5-9年', min: 5, max: 9 },
  { label: '10-19年', min: 10, max: 19 },
  { label: '20-29年', min: 20, max: 29 },
  { label: '30-39年', min: 30, max: 39 },
  { label: '40-49年', min: 40, max: 49 },
  { label: '50年及以上', min: 50, max: 999 },
];

const EXIT_JOIN_TIME: readonly DateBand[] = [
  { label: '1966年4月及以前', from: null, to: '1966-04-30' },
  { label: '1966年5月至1976年10月', from: '1966-05-01', to: '1976-10-31' },
  { label: '1976年11月至1978年12月', from: '1976-11-01', to: '1978-12-31' },
  { label: '1979年1月至2002年10月', from: '1979-01-01', to: '2002-10-31' },
  { label: '2002年11月至2012年10月', from: '2002-11-01', to: '2012-10-31' },
  { label: '2012年11月及以后', from: '2012-11-01', to: null },
];

const EXIT_AGE: readonly YearBand[] = [
  { label: '35岁及以下', min: 0, max: 35 },
  { label: '36岁至54岁', min: 36, max: 54 },
  { label: '55岁至59岁', min: 55, max: 59 },
  { label: '60岁及以上', min: 60, max: 999 },
];

/** newest last */
export const BAND_VERSIONS: readonly BandVersion[] = [
  {
    // the bulletin of 2014 (docs/domain/statistics.md#bulletin-figures)
    version: '2014',
    from: '0001-01-01',
    basicAge: [
      { label: '35岁及以下', min: 0, max: 35 },
      { label: '36-45岁', min: 36, max: 45 },
      { label: '46-60岁', min: 46, max: 60 },
      { label: '61岁及以上', min: 61, max: 999 },
    ],
    joinTime: [
      { label: '1949年9月及以前', from: null, to: '1949-09-30' },
      { label: '1949年10月至1966年4月', from: '1949-10-01', to: '1966-04-30' },
      { label: '1966年5月至1976年10月', from: '1966-05-01', to: '1976-10-31' },
      { label: '1976年11月至1978年12月', from: '1976-11-01', to: '1978-12-31' },
      { label: '1979年1月至2002年10月', from: '1979-01-01', to: '2002-10-31' },
      { label: '2002年11月至2012年10月', from: '2002-11-01', to: '2012-10-31' },
      { label: '2012年11月及以后', from: '2012-11-01', to: null },
    ],
    exitAge: EXIT_AGE,
    exitJoinTime: EXIT_JOIN_TIME,
    partyAge: PARTY_AGE,
    youngMax: 35,
  },
  {
    // the 2017 年报 tables (docs/domain/statistics.md#age-bands, #joining-time-bands)
    version: '2017',
    from: '2017-01-01',
    basicAge: [
      { label: '30岁及以下', min: 0, max: 30 },
      { label: '31-35岁', min: 31, max: 35 },
      { label: '36-40岁', min: 36, max: 40 },
      { label: '41-45岁', min: 41, max: 45 },
      { label: '46-50岁', min: 46, max: 50 },
      { label: '51-55岁', min: 51, max: 55 },
      { label: '56-60岁', min: 56, max: 60 },
      { label: '61-65岁', min: 61, max: 65 },
      { label: '66-70岁', min: 66, max: 70 },
      { label: '71岁及以上', min: 71, max: 999 },
    ],
    joinTime: [
      { label: '1937年7月6日及以前', from: null, to: '1937-07-06' },
      { label: '1937年7月7日至1945年9月2日', from: '1937-07-07', to: '1945-09-02' },
      { label: '1945年9月3日至1949年9月', from: '1945-09-03', to: '1949-09-30' },
      { label: '1949年10月至1966年4月', from: '1949-10-01', to: '1966-04-30' },
      { label: '1966年5月至1976年10月', from: '1966-05-01', to: '1976-10-31' },
      { label: '1976年11月至1978年12月', from: '1976-11-01', to: '1978-12-31' },
      { label: '1979年1月至2002年10月', from: '1979-01-01', to: '2002-10-31' },
      { label: '2002年11月至2012年10月', from: '2002-11-01', to: '2012-10-31' },
      { label: '2012年11月及以后', from: '2012-11-01', to: null },
    ],
    exitAge: EXIT_AGE,
    exitJoinTime: EXIT_JOIN_TIME,
    partyAge: PARTY_AGE,
    youngMax: 35,
  },
];

/** the band version in force on a statistics date */
export function bandsFor(asOf: IsoDate): BandVersion {
  let found = BAND_VERSIONS[0];
  for (const v of BAND_VERSIONS) if (v.from <= asOf) found = v;
  return found;
}

export const yearBandIndex = (bands: readonly YearBand[], years: number): number => bands.findIndex((b) => years >= b.min && years <= b.max);

/** the joining-time band of a date (a month-only date by the first of its month), -1 when none */
export function dateBandIndex(bands: readonly DateBand[], date: string): number {
  const d = date.length === 7 ? `${date}-01` : date;
  return bands.findIndex((b) => (b.from === null || d >= b.from) && (b.to === null || d <= b.to));
}
