// CWE ID syntax as MITRE writes it (`CWE-79`): "CWE-" and the weakness's number, a positive integer
// without leading zeros. The list's numbers run to four digits today; six leave room and still
// catch a pasted sentence. Whether the number names a weakness in the current list is not checked:
// the list grows, and an operator reads the ID anyway.

const CWE_ID = /^CWE-[1-9]\d{0,5}$/;

/** Whether `s` is a CWE ID: `CWE-` (upper-case) and a number from 1 with no leading zero, no spaces (`CWE-79`). */
export function isCweId(s: string): boolean {
  return CWE_ID.test(s);
}
