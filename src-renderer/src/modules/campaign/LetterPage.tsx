import type { LetterPage as Page } from '../../../../src-main/modules/campaign/contract.ts';
import { fillLetter, paragraphs, type LetterTemplate } from '../../../../src-main/modules/campaign/contract.ts';

/**
 * one A4 commitment letter, prefilled with the member's name and organization
 * (docs/domain/religion-campaign.md#commitment-letter)
 */
export function LetterPage({ template, year, page }: { template: LetterTemplate; year: number; page: Page }) {
  const fill = { name: page.name, org: page.org, year };
  return (
    <section className="letter-page" data-testid="letter-page">
      <h1>{fillLetter(template.title, fill)}</h1>
      {paragraphs(fillLetter(template.body, fill)).map((p, i) => <p key={i}>{p}</p>)}
      <div className="letter-sign">
        <div>承诺人：{page.name}</div>
        <div>本人签字：<u>&nbsp;</u></div>
        <div>日　　期：<u>&nbsp;</u></div>
      </div>
    </section>
  );
}
