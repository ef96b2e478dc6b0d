// Confirmation numbers: `SE-XXXX-XXXX-XXXXC`, twelve random symbols from Crockford's base32
// alphabet (no I, L, O, U: nothing to misread) and a check symbol C.
//
// The check is the Damm scheme over the field GF(32), i.e. the quasigroup x*y = a·x + y with a
// primitive element a: every symbol gets a distinct non-zero weight (a^12 ... a^1 for the random
// symbols, 1 for the check), so any single substitution changes the weighted sum, and swapping
// ANY two symbols (adjacent or not, the check symbol included) changes it by (a^i + a^j)(x + y),
// which is non-zero for x != y because a has order 31 > 13. Luhn mod N would miss some adjacent
// transpositions; ISO 7064 MOD 37,36 would need the ambiguous letters for its check symbol.
//
// 60 random bits, no counter: the number says nothing about volume, and collisions are left to
// the store's insert-if-absent (one in ~10^18 per pair).

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_SYMBOLS = 12;
const GROUP = 4;
const PREFIX = 'SE-';
const WELL_FORMED = /^SE-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{5})$/;

// Multiplication by the primitive element a = x in GF(2^5) modulo x^5 + x^2 + 1.
function timesA(v: number): number {
  const shifted = v << 1;
  return shifted & 0b100000 ? shifted ^ 0b100101 : shifted;
}

// Horner's rule: after the loop, the result is the sum over i of a^(n-i) * symbol_i.
function weightedSum(values: readonly number[]): number {
  return values.reduce((acc, v) => timesA(acc) ^ v, 0);
}

function checkValue(payload: readonly number[]): number {
  // The check symbol c makes the sum over payload and check zero: a*S + c = 0, so c = a*S.
  return timesA(weightedSum(payload));
}

function format(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < RANDOM_SYMBOLS; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return PREFIX + groups.join('-');
}

/** A new random confirmation number (`SE-` + 12 symbols from 60 random bits + a check symbol); `randomBytes(n)` must return n uniformly random bytes. */
export function newConfirmationNumber(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(RANDOM_SYMBOLS);
  if (bytes.length < RANDOM_SYMBOLS) throw new RangeError(`randomBytes(${RANDOM_SYMBOLS}) returned ${bytes.length} bytes`);
  // 32 divides 256, so the low five bits of a uniform byte are a uniform symbol.
  const payload = Array.from(bytes.subarray(0, RANDOM_SYMBOLS), (b) => b & 0b11111);
  const symbols = payload.map((v) => ALPHABET[v]).join('');
  return format(symbols) + ALPHABET[checkValue(payload)];
}

/** The canonical (upper-case) confirmation number, or null when `s` is not one: wrong characters, length, grouping or check symbol. Lower case is accepted; spaces are not. */
export function parseConfirmationNumber(s: string): string | null {
  const canonical = s.toUpperCase();
  // Only ASCII case folding: toUpperCase maps e.g. 'ß' to 'SS' and the dotless 'ı' to 'I'.
  if (canonical.length !== s.length || !/^[\x21-\x7e]*$/.test(s)) return null;
  const match = WELL_FORMED.exec(canonical);
  if (!match) return null;
  const values = Array.from(match.slice(1).join(''), (ch) => ALPHABET.indexOf(ch));
  return weightedSum(values) === 0 ? canonical : null;
}
