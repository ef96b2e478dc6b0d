// CVE ID syntax as in the CVE JSON 5 schema (`CVE-[0-9]{4}-[0-9]{4,19}`), plus the first year CVE
// IDs were assigned: a year before 1999 is a typo, not an ID.

const CVE_ID = /^CVE-(\d{4})-\d{4,19}$/;
const FIRST_CVE_YEAR = 1999;

/** Whether `s` is a CVE ID: `CVE-YYYY-NNNN` (upper-case, year 1999 or later, 4 to 19 sequence digits, no spaces). */
export function isCveId(s: string): boolean {
  const match = CVE_ID.exec(s);
  return match !== null && Number(match[1]) >= FIRST_CVE_YEAR;
}
