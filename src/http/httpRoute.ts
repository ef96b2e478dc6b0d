// The one shape of an HTTP function: the services it is given, the caller identified (and an
// operator's credential checked, or the console's session and its CSRF token), the request's input
// read and validated, storage made ready, and every expected failure answered as a problem (a page
// for a browser that asked for one). What is left to a handler is its route, its input and its use case.

import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { identifyCaller, requireOperator } from './auth';
import { enterConsole, type ConsoleContext } from './consoleAccess';
import { prefersHtml, ProblemError, withProblems } from './problems';
import { withInvocationServices } from '../invocationOutput';
import { localeFromAcceptLanguage } from './language';
import { csrfMatches, csrfRefusedPageResponse, statusCookieToken } from './statusPages';

/** Who may call a route, and so who the use case is told is calling. */
interface Callers {
  /** anyone; nobody is identified */
  public: null;
  /** operators only (OPS_API_KEY or an Entra ID principal with Tickets.Triage): 401/403 before the input is read */
  operator: { kind: 'operator' };
  /** a ticket's reporter (its access token) or an operator: 401 after the input is read, unless the route answers otherwise */
  'reporter-or-operator': { kind: 'operator' } | { kind: 'reporter'; token: string };
  /**
   * an operator signed in to the console (a session of src/http/consoleAccess.ts): without one, 303 to
   * the sign-in; a principal without Tickets.Triage, the 403 page; a POST without the session's
   * CSRF token, the 403 page. All before the input is read. Refusals are pages unless `pageFor` says otherwise.
   */
  console: { kind: 'operator' };
}

export type Access = keyof Callers;

/** What a use case is given besides its input. */
export interface RouteCall<A extends Access> {
  services: AppServices;
  caller: Callers[A];
  request: HttpRequest;
  /** console routes: the session's CSRF token, who is signed in and the page's language */
  console: A extends 'console' ? ConsoleContext : undefined;
}

/** What an input step returns to answer at once, without storage (e.g. the page that asks again). */
export class AnswerNow {
  constructor(readonly response: HttpResponseInit) {}
}

export const answerNow = (response: HttpResponseInit): AnswerNow => new AnswerNow(response);

export interface HttpRoute<A extends Access, Input> {
  access: A;
  /** Whether a refusal goes to this request as a page rather than a problem (a plain form post, a browser). Default: never. */
  pageFor?: (request: HttpRequest) => boolean;
  /**
   * Default true: storage is made ready after the input and before the use case. False for a route
   * that touches no storage, or asks after it itself (health), so it answers while storage is down.
   */
  storage?: boolean;
  /** Reads and validates the request (400/413/415 as problems); runs before storage is touched. Default: no input. */
  input?: (request: HttpRequest, services: AppServices) => Input | AnswerNow | Promise<Input | AnswerNow>;
  /**
   * reporter-or-operator: the access code the reporter typed into a plain form (the reply form of a
   * page whose status cookie is gone), in the body, never in a URL; it is the credential when the
   * request brought none but the status cookie (a typed code cannot be forged by another site).
   */
  credentialIn?: (input: Input) => string | null;
  /**
   * reporter-or-operator: the CSRF token a status page form posts (its hidden `csrf` field). A POST
   * whose credential is the status cookie is refused without it (403 page, nothing done); a route
   * without it takes no cookie-authenticated POST at all.
   */
  csrfIn?: (input: Input) => string | null;
  /** reporter-or-operator: the answer to a request without a credential (none: 401). */
  withoutCredential?: (input: Input, request: HttpRequest) => HttpResponseInit | undefined;
  /** The use case. */
  handle(input: Input, call: RouteCall<A>): HttpResponseInit | Promise<HttpResponseInit>;
}

/** The HTTP handler of a route, over the services `services` gives. */
export function httpRoute<A extends Access, Input = undefined>(services: ServiceSource, route: HttpRoute<A, Input>): HttpHandler {
  // The console is pages: its refusals too, unless the route says otherwise.
  const pageFor = route.pageFor ?? (route.access === 'console' ? () => true : undefined);
  const options = {
    ...(pageFor ? { htmlFor: pageFor } : {}),
    // A page's way back goes to the form, wherever it is hosted.
    webOrigin: () => services().settings.webOrigin,
  };
  return withProblems(
    withInvocationServices(services, (built, request: HttpRequest) => answer(request, built)),
    options,
  );

  async function answer(request: HttpRequest, built: AppServices): Promise<HttpResponseInit> {
    let consoleContext: ConsoleContext | undefined;
    if (route.access === 'console') {
      const entry = await enterConsole(request, built);
      if ('answer' in entry) return entry.answer;
      consoleContext = entry.context;
    }
    const found = identify(route.access, request, built);
    let identified = found?.caller;
    const input = route.input ? await route.input(request, built) : (undefined as Input);
    if (input instanceof AnswerNow) return input.response;
    let fromCookie = found?.fromCookie ?? false;
    const typed = identified === undefined || fromCookie ? (route.credentialIn?.(input) ?? null) : null;
    if (typed !== null) {
      identified = { kind: 'reporter', token: typed };
      fromCookie = false;
    }
    if (fromCookie && !SAFE_METHODS.has(request.method.toUpperCase())) {
      const pageToken = (identified as { token: string }).token;
      if (!csrfMatches(pageToken, route.csrfIn?.(input) ?? null)) {
        return csrfRefusedPageResponse(request.params.confirmationNumber ?? '', localeFromAcceptLanguage(request.headers.get('accept-language')));
      }
    }
    if (identified === undefined) return route.withoutCredential?.(input, request) ?? unauthenticated();
    // A request that is refused for its input is answered without storage, even while it is down.
    if (route.storage !== false) await built.ready();
    return route.handle(input, { services: built, caller: identified as Callers[A], request, console: consoleContext as RouteCall<A>['console'] });
  }
}

/**
 * The caller the route's access allows; undefined for a reporter-or-operator route called without
 * a credential (answered once the input is read). Operators are checked at once (401/403).
 */
function identify(access: Access, request: HttpRequest, services: AppServices): { caller: Callers[Access]; fromCookie: boolean } | undefined {
  switch (access) {
    case 'public':
      return { caller: null, fromCookie: false };
    case 'operator':
      requireOperator(request, services.settings);
      return { caller: { kind: 'operator' }, fromCookie: false };
    case 'console':
      // enterConsole found the session (and its CSRF token) before.
      return { caller: { kind: 'operator' }, fromCookie: false };
    case 'reporter-or-operator': {
      const caller = identifyCaller(request, services.settings, { allowQueryToken: true });
      if (caller.kind !== 'anonymous') return { caller, fromCookie: false };
      // The status page's token (or a new ticket's, right after a plain form post) comes in the
      // status cookie, which only a page request reads.
      const fromCookie = prefersHtml(request) ? statusCookieToken(request) : null;
      return fromCookie === null ? undefined : { caller: { kind: 'reporter', token: fromCookie }, fromCookie: true };
    }
  }
}

/** Methods that change nothing: a cookie suffices for them. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

function unauthenticated(): never {
  throw new ProblemError(401, 'Authentication required', 'Use the access token from your confirmation, or operator credentials.', undefined, {
    'WWW-Authenticate': 'Bearer',
  });
}
