// The commitment letter (承诺书) template: versioned, editable by the clerk
// (docs/domain/religion-campaign.md#commitment-letter gives its structure only). The default text below is
// our own neutral wording, NOT an official text.

export interface LetterTemplate {
  version: number;
  title: string;
  /** paragraphs separated by blank lines; placeholders {姓名} {党组织} {年度} */
  body: string;
  effectiveOn: string;
}

export const DEFAULT_LETTER_TITLE = '党员不信仰宗教承诺书';

export const DEFAULT_LETTER_BODY = [
  '本人{姓名}，系{党组织}党员。我知道共产党员应当坚定理想信念，自觉履行党员义务，遵守党章和党的纪律。',
  '为此，我作出以下承诺：',
  '一、不信仰任何宗教，不参加宗教活动，不传播宗教思想。',
  '二、不参加封建迷信活动，不参与任何邪教组织及其活动；注意把群众性的民俗习惯与宗教活动区分开来。',
  '三、如实向党组织说明本人及相关情况，主动接受党组织和群众的监督。',
  '四、如有违反，愿意接受党组织依照党内法规作出的处理。',
].join('\n\n');

export const PLACEHOLDERS = ['{姓名}', '{党组织}', '{年度}'] as const;

export interface LetterFill {
  name: string;
  org: string;
  year: number | string;
}

/** the template's text with the member's name and organization filled in */
export function fillLetter(text: string, f: LetterFill): string {
  return text.replaceAll('{姓名}', f.name).replaceAll('{党组织}', f.org).replaceAll('{年度}', String(f.year));
}

/** paragraphs of the body (blank lines separate them) */
export function paragraphs(body: string): string[] {
  return body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}
