/**
 * Feed dates (RFC 822 from RSS, RFC 3339 from Atom and JSON Feed, and what partners actually send) →
 * a Date, or null when the text is not a real date. Never returns an invalid Date.
 */

const ZONES: Record<string, string> = { UT: '+0000', UTC: '+0000', GMT: '+0000', Z: '+0000', EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700' };
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC822 = /^(?:[A-Za-z]{3,},?\s+)?(\d{1,2})\s+([A-Za-z]{3,})\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,5}|[+-]\d{4})?$/;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string | undefined): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = ZONES[zone.toUpperCase()] ?? zone;
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
    if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
    offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offset * 60_000;
  const date = new Date(t);
  // Reject roll-overs such as 30 February.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (Number.isNaN(t) || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return date;
}

export function parseFeedDate(raw: string | null | undefined): Date | null {
  const s = raw?.trim();
  if (!s || s.length > 64) return null;
  let m = RFC3339.exec(s);
  if (m) return build(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? (m[4] ? undefined : 'Z'));
  m = RFC822.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
    let y = +m[3];
    if (m[3].length === 2) y += y < 50 ? 2000 : 1900;
    return build(y, mo, +m[1], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? 'GMT');
  }
  return null;
}
