// The deployed bundle's two holiday files (scripts/build-app.mjs): date-holidays' rules, each country's parsed when first
// read, and its parser with only the time zones the rules and the calendar ask for. Read through them, every country and
// state gives the holidays date-holidays itself gives, and a calendar parses its own country's rules and no other.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Holidays from 'date-holidays';
import { afterEach, describe, expect, it, vi } from 'vitest';

const bundle = path.resolve(__dirname, '../../dist/app');
const requireFile = createRequire(__filename);

type Parser = new (rules: unknown, country: string, ...rest: unknown[]) => Holidays;

/** The two files as the entry loads them, fresh (a new module each time, so nothing is parsed yet). */
function built(): { Parser: Parser; rules: unknown } {
  const files = ['holidays-parser.js', 'holiday-rules.js'].map((file) => path.join(bundle, file));
  if (files.some((file) => !existsSync(file))) throw new Error(`${bundle} is missing its holiday files: run npm run build (npm test does)`);
  for (const file of files) delete requireFile.cache[file];
  const Parser = (requireFile(files[0]!) as { default: Parser }).default;
  const { data } = requireFile(files[1]!) as { data: unknown };
  return { Parser, rules: data };
}

// Every field of every holiday date-holidays lists, of every type, with its span as instants.
const listed = (holidays: Holidays, year: number) =>
  holidays.getHolidays(year).map((h) => ({ date: h.date, start: h.start.toISOString(), end: h.end.toISOString(), name: h.name, type: h.type, rule: h.rule }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the bundle’s holiday rules and parser', () => {
  it('give every country and state the holidays date-holidays gives, 2025 to 2027, warning of no missing time zone', () => {
    const warnings: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void warnings.push(args));
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
    const { Parser, rules } = built();
    const lists = new Holidays();
    const codes = Object.keys(lists.getCountries()).flatMap((country) => [
      [country],
      ...Object.keys(lists.getStates(country) ?? {}).map((state) => [country, state]),
    ]);
    expect(codes.length).toBeGreaterThan(500);
    const differing: string[] = [];
    for (const code of codes) {
      const options = { timezone: 'UTC' };
      const [country, state] = code as [string, string | undefined];
      const theirs = state === undefined ? new Holidays(country, options) : new Holidays(country, state, options);
      const ours = state === undefined ? new Parser(rules, country, options) : new Parser(rules, country, state, options);
      for (const year of [2025, 2026, 2027]) {
        if (JSON.stringify(listed(ours, year)) !== JSON.stringify(listed(theirs, year))) differing.push(`${code.join('-')} ${year}`);
      }
    }
    expect(differing).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('parse only the rules a calendar reads: its own country’s, and those its rules refer to', () => {
    const { Parser, rules } = built();
    const parse = vi.spyOn(JSON, 'parse');
    new Parser(rules, 'DE', 'BY', { timezone: 'UTC' }).getHolidays(2026);
    expect(parse).toHaveBeenCalledTimes(1);
    // Saint Barthélemy's rules take France's days (`_days: FR`).
    const stBarth = new Parser(rules, 'BL', { timezone: 'UTC' }).getHolidays(2026);
    expect(parse).toHaveBeenCalledTimes(3);
    expect(stBarth.map((h) => h.date.slice(0, 10))).toContain('2026-07-14');
  });
});
