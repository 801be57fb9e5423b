/*
 * Fault injection: what can go wrong between a client and an org, switched on by tests.
 * Path patterns are matched against the request path (without the query string).
 */
import { type OrgState } from './state.js';

export type PathPattern = string | RegExp;

/** What an injected error answers with: a plain line, an HTML error page as an org's front end sends, or a REST error. */
export type FaultBody = 'text' | 'html' | 'json';

type CountedFault = {
  pattern: PathPattern;
  remaining: number;
  status: number;
  skip: number;
  body: FaultBody;
  delayMs: number;
};

/** An injected answer: the status and body kind of an error, or only a delay before the real answer. */
export type InjectedFault = { status?: number; body: FaultBody; delayMs: number };

const matches = (pattern: PathPattern, path: string): boolean =>
  typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);

export class Faults {
  /** Added to every request before it is answered. */
  public latencyMs = 0;
  /** A deploy stays InProgress for this many status checks before it finishes. */
  public slowDeployPolls = 0;
  /** After an app's first deploy, its credentials are refused as invalid_client_id for this long. */
  public propagationDelayMs = 0;
  /** One-shot deploys that create a new app fail their satellites on cross-references (INVALID_CROSS_REFERENCE_KEY). */
  public crossReferenceOnNewApp = false;
  /**
   * How that refusal is worded: with the INVALID_CROSS_REFERENCE_KEY code, or as the Metadata API's usual wording for
   * a missing reference alone ("In field: externalClientApplication - no ExternalClientApplication named X found").
   */
  public crossReferenceWording: 'code' | 'field' = 'code';
  /**
   * The next N requests that name an existing app's consumer key (token, authorize, introspect) are refused as
   * if it had not propagated yet, whatever the time: for tests that must see retries without racing a clock.
   */
  public unpropagatedRequests = 0;
  /** A newly staged credential (staged rotation) is refused as invalid_client_id for this long after it is staged. */
  public stagedPropagationDelayMs = 0;
  private errors: CountedFault[] = [];
  private drops: CountedFault[] = [];
  private delays: CountedFault[] = [];
  private expiries: CountedFault[] = [];
  private replyDrops: CountedFault[] = [];

  /** The org whose sessions expireSessions ends. */
  public constructor(private readonly org: Pick<OrgState, 'sessionGeneration'>) {}

  /**
   * After letting `skip` matching requests through, the next `count` requests whose path matches answer
   * `status` (default 503). SOAP calls share one path: skip 1 to let `deploy` through and fail the polls.
   */
  public failNext(pattern: PathPattern, count = 1, status = 503, skip = 0, body: FaultBody = 'text'): void {
    this.errors.push({ pattern, remaining: count, status, skip, body, delayMs: 0 });
  }

  /** Like failNext, but the connection is destroyed without an answer. */
  public dropNext(pattern: PathPattern, count = 1, skip = 0): void {
    this.drops.push({ pattern, remaining: count, status: 0, skip, body: 'text', delayMs: 0 });
  }

  /** After letting `skip` matching requests through, the next `count` are answered normally, but `ms` late. */
  public delayNext(pattern: PathPattern, ms: number, count = 1, skip = 0): void {
    this.delays.push({ pattern, remaining: count, status: 0, skip, body: 'text', delayMs: ms });
  }

  /** Like dropNext, but the request is carried out first: the client never hears that it was (a lost answer). */
  public dropReplyNext(pattern: PathPattern, count = 1, skip = 0): void {
    this.replyDrops.push({ pattern, remaining: count, status: 0, skip, body: 'text', delayMs: 0 });
  }

  /**
   * Every session opened until now becomes invalid, as when an org expires or revokes sessions; a session opened
   * after the call is valid, however soon after (a generation count, not a clock: no same-millisecond ambiguity).
   */
  public expireSessions(): void {
    this.org.sessionGeneration += 1;
  }

  /**
   * After letting `skip` matching requests through, the next matching request finds every session expired, as
   * when an org ends sessions while a client is in the middle of its work (that request is answered as expired).
   */
  public expireSessionsAt(pattern: PathPattern, skip = 0): void {
    this.expiries.push({ pattern, remaining: 1, status: 0, skip, body: 'text', delayMs: 0 });
  }

  /** Consumes one injected expiry for this path, expiring the sessions; true when it did. */
  public takeExpiry(path: string): boolean {
    if (take(this.expiries, path) === undefined) return false;
    this.expireSessions();
    return true;
  }

  public reset(): void {
    this.latencyMs = 0;
    this.slowDeployPolls = 0;
    this.propagationDelayMs = 0;
    this.crossReferenceOnNewApp = false;
    this.crossReferenceWording = 'code';
    this.unpropagatedRequests = 0;
    this.errors = [];
    this.drops = [];
    this.delays = [];
    this.expiries = [];
    this.stagedPropagationDelayMs = 0;
    this.replyDrops = [];
  }

  /** Consumes one injected lost answer for this path, if any. */
  public takeReplyDrop(path: string): boolean {
    return take(this.replyDrops, path) !== undefined;
  }

  /** Consumes one injected error for this path, if any: the HTTP status to answer. */
  public takeError(path: string): number | undefined {
    return this.takeErrorFault(path)?.status;
  }

  /** Consumes one injected error for this path, if any, with the kind of body to answer. */
  public takeErrorFault(path: string): InjectedFault | undefined {
    const fault = take(this.errors, path);
    return fault ? { status: fault.status, body: fault.body, delayMs: 0 } : undefined;
  }

  /** Consumes one injected delay for this path, if any: the milliseconds to wait before answering. */
  public takeDelay(path: string): number {
    return take(this.delays, path)?.delayMs ?? 0;
  }

  /** Consumes one injected drop for this path, if any. */
  public takeDrop(path: string): boolean {
    return take(this.drops, path) !== undefined;
  }
}

function take(list: CountedFault[], path: string): CountedFault | undefined {
  const fault = list.find((f) => f.remaining > 0 && matches(f.pattern, path));
  if (!fault) return undefined;
  if (fault.skip > 0) {
    fault.skip -= 1;
    return undefined;
  }
  fault.remaining -= 1;
  return fault;
}
