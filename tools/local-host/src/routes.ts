/**
 * ASP.NET-style route templates as Azure Functions uses them: `tickets/{id}`, `{name?}`,
 * `{*rest}`, `{id:int}`, `{code:regex(^[a-z]+$)}`, `{page=1}`. Literal parts match
 * case-insensitively; a constraint the host does not know is accepted (ignored).
 */

interface ParameterPart {
  kind: 'parameter';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: string[];
}

interface LiteralPart {
  kind: 'literal';
  text: string;
}

type Part = ParameterPart | LiteralPart;

export interface RouteMatcher {
  readonly template: string;
  /**
   * Route parameters for a matching path, percent-decoded (`%2F` reads `/`; a value that does not decode stays as it
   * came) and with defaults filled in; undefined when the path or a constraint does not match.
   */
  match(pathname: string): Record<string, string> | undefined;
  /** Lower sorts first: literal segments beat parameters, which beat optional and catch-all ones. */
  readonly precedence: number[];
}

function parseSegment(segment: string, template: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  let literal = '';
  while (i < segment.length) {
    const ch = segment[i]!;
    if (ch === '{' && segment[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (ch === '}' && segment[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (ch === '{') {
      // Read to the matching '}', allowing parentheses (and braces) inside a constraint.
      let depth = 0;
      let j = i + 1;
      for (; j < segment.length; j++) {
        const c = segment[j];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '}' && depth <= 0) break;
      }
      if (j >= segment.length) throw new Error(`Invalid route template "${template}": unclosed "{"`);
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      parts.push(parseParameter(segment.slice(i + 1, j), template));
      i = j + 1;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

function parseParameter(body: string, template: string): ParameterPart {
  let rest = body.trim();
  let catchAll = false;
  if (rest.startsWith('**')) {
    catchAll = true;
    rest = rest.slice(2);
  } else if (rest.startsWith('*')) {
    catchAll = true;
    rest = rest.slice(1);
  }
  const nameMatch = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
  if (!nameMatch) throw new Error(`Invalid route template "${template}": bad parameter "{${body}}"`);
  const name = nameMatch[0];
  rest = rest.slice(name.length);
  let optional = false;
  let defaultValue: string | undefined;
  const constraints: string[] = [];
  // Constraints are separated by ':' but a regex(...) may contain ':' itself.
  while (rest.startsWith(':')) {
    rest = rest.slice(1);
    let depth = 0;
    let j = 0;
    for (; j < rest.length; j++) {
      const c = rest[j];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth === 0 && (c === ':' || c === '=' || (c === '?' && j === rest.length - 1))) break;
    }
    // A template writes a brace inside a constraint as {{ or }}.
    constraints.push(rest.slice(0, j).replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
    rest = rest.slice(j);
  }
  if (rest.startsWith('=')) {
    defaultValue = rest.slice(1);
    rest = '';
  }
  if (rest === '?') {
    optional = true;
    rest = '';
  }
  if (rest !== '') throw new Error(`Invalid route template "${template}": bad parameter "{${body}}"`);
  return {
    kind: 'parameter',
    name,
    optional: optional || defaultValue !== undefined,
    catchAll,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    constraints,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function satisfies(value: string, constraint: string): boolean {
  const call = /^([a-zA-Z]+)(?:\((.*)\))?$/s.exec(constraint);
  if (!call) return true;
  const [, rawName, rawArgs] = call;
  const name = rawName!.toLowerCase();
  const args = rawArgs === undefined ? [] : name === 'regex' ? [rawArgs] : rawArgs.split(',').map((a) => a.trim());
  const num = Number(value);
  switch (name) {
    case 'int':
      return /^-?\d+$/.test(value) && Math.abs(num) <= 2 ** 31;
    case 'long':
      return /^-?\d+$/.test(value);
    case 'float':
    case 'double':
    case 'decimal':
      return value.trim() !== '' && Number.isFinite(num);
    case 'bool':
      return /^(true|false)$/i.test(value);
    case 'alpha':
      return /^[a-z]+$/i.test(value);
    case 'guid':
      return /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(value);
    case 'datetime':
      return !Number.isNaN(Date.parse(value));
    case 'minlength':
      return value.length >= Number(args[0]);
    case 'maxlength':
      return value.length <= Number(args[0]);
    case 'length':
      return args.length === 1 ? value.length === Number(args[0]) : value.length >= Number(args[0]) && value.length <= Number(args[1]);
    case 'min':
      return Number.isFinite(num) && num >= Number(args[0]);
    case 'max':
      return Number.isFinite(num) && num <= Number(args[0]);
    case 'range':
      return Number.isFinite(num) && num >= Number(args[0]) && num <= Number(args[1]);
    case 'regex':
      try {
        return new RegExp(args[0] ?? '', 'i').test(value);
      } catch {
        return false;
      }
    default:
      return true;
  }
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Compiles a route template (without leading or trailing slashes) into a matcher. */
export function compileRoute(template: string): RouteMatcher {
  const segments = template.split('/').filter((s) => s !== '');
  const params: ParameterPart[] = [];
  const precedence: number[] = [];
  let pattern = '^';
  segments.forEach((segment, index) => {
    const parts = parseSegment(segment, template);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.kind === 'parameter' && only.catchAll) {
      if (index !== segments.length - 1) throw new Error(`Invalid route template "${template}": a catch-all parameter must be last`);
      params.push(only);
      pattern += '(?:/(.*))?';
      precedence.push(5);
    } else if (only?.kind === 'parameter' && only.optional) {
      params.push(only);
      pattern += '(?:/([^/]+))?';
      precedence.push(4);
    } else {
      pattern += '/';
      let rank = 1;
      parts.forEach((part) => {
        if (part.kind === 'literal') {
          pattern += escapeRegExp(part.text);
        } else {
          params.push(part);
          // Greedy, as ASP.NET matches complex segments from the right: {name}.{ext} on a.b.pdf gives a.b and pdf.
          pattern += '([^/]+)';
          rank = Math.max(rank, part.constraints.length > 0 ? 2 : 3);
        }
      });
      precedence.push(rank);
    }
  });
  const regex = new RegExp(`${pattern}/?$`, 'i');
  return {
    template,
    precedence,
    match(pathname: string): Record<string, string> | undefined {
      const m = regex.exec(pathname === '' ? '/' : pathname);
      if (!m) return undefined;
      const result: Record<string, string> = {};
      for (let i = 0; i < params.length; i++) {
        const param = params[i]!;
        const raw = m[i + 1];
        const value = raw === undefined || raw === '' ? param.defaultValue : decodeParam(raw);
        if (value === undefined) continue;
        if (!param.constraints.every((c) => satisfies(value, c))) return undefined;
        result[param.name] = value;
      }
      return result;
    },
  };
}

/** Orders matchers so that the most specific template is tried first. */
export function byPrecedence(a: RouteMatcher, b: RouteMatcher): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const pa = a.precedence[i] ?? 0;
    const pb = b.precedence[i] ?? 0;
    if (pa !== pb) return pa - pb;
  }
  return 0;
}
