import { Input } from 'antd';

// Dates are text: the registry keeps month precision (YYYY-MM) when only the month is known
// (docs/domain/import.md#date-forms), which a calendar picker cannot express. Common ways of writing a date
// are tidied into ISO when the field loses focus; the server's check has the last word.

const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/, (m) => `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`],
  [/^(\d{4})[-./年](\d{1,2})月?$/, (m) => `${m[1]}-${m[2].padStart(2, '0')}`],
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => `${m[1]}-${m[2]}-${m[3]}`],
  [/^(\d{4})(\d{2})$/, (m) => `${m[1]}-${m[2]}`],
];

/** '1985.6.15' → '1985-06-15', '1985年6月' → '1985-06'; anything else is returned as typed */
export function tidyDateText(raw: string): string {
  const t = raw.trim().replace(/\s+/g, '');
  for (const [re, fmt] of PATTERNS) {
    const m = t.match(re);
    if (m) return fmt(m);
  }
  return raw.trim();
}

interface Props {
  value?: string | null;
  onChange?: (v: string) => void;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

export function PartialDateInput({ value, onChange, placeholder, disabled, ...rest }: Props) {
  return (
    <Input
      data-testid={rest['data-testid']}
      value={value ?? ''}
      disabled={disabled}
      placeholder={placeholder ?? '如 1985-06-15 或 1985-06'}
      onChange={(e) => onChange?.(e.target.value)}
      onBlur={(e) => {
        const tidy = tidyDateText(e.target.value);
        if (tidy !== e.target.value) onChange?.(tidy);
      }}
      allowClear
    />
  );
}
