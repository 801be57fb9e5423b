/*
 * Fault injection: what can go wrong between a client and an org, switched on by tests.
 * Path patterns are matched against the request path (without the query string).
 */
import { type OrgState } from './state.js';

export type PathPattern = string | RegExp;

type CountedFault = { pattern: PathPattern; remaining: number; status: number; skip: number };

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
   * The next N requests that name an existing app's consumer key (token, authorize, introspect) are refused as
   * if it had not propagated yet, whatever the time: for tests that must see retries without racing a clock.
   */
  public unpropagatedRequests = 0;
  /** A newly staged credential (staged rotation) is refused as invalid_client_id for this long after it is staged. */
  public stagedPropagationDelayMs = 0;
  private errors: CountedFault[] = [];
  private drops: CountedFault[] = [];
  private replyDrops: CountedFault[] = [];
  private delays: CountedFault[] = [];

  /** The org whose sessions expireSessions ends. */
  public constructor(private readonly org: Pick<OrgState, 'sessionGeneration'>) {}

  /**
   * After letting `skip` matching requests through, the next `count` requests whose path matches answer
   * `status` (default 503). SOAP calls share one path: skip 1 to let `deploy` through and fail the polls.
   */
  public failNext(pattern: PathPattern, count = 1, status = 503, skip = 0): void {
    this.errors.push({ pattern, remaining: count, status, skip });
  }

  /** Like failNext, but the connection is destroyed without an answer. */
  public dropNext(pattern: PathPattern, count = 1, skip = 0): void {
    this.drops.push({ pattern, remaining: count, status: 0, skip });
  }

  /** Like dropNext, but the request is carried out first: the client never hears that it was (a lost answer). */
  public dropReplyNext(pattern: PathPattern, count = 1, skip = 0): void {
    this.replyDrops.push({ pattern, remaining: count, status: 0, skip });
  }

  /** The next `count` requests whose path matches wait `ms` before they are answered (on top of latencyMs). */
  public delayNext(pattern: PathPattern, ms: number, count = 1): void {
    this.delays.push({ pattern, remaining: count, status: ms, skip: 0 });
  }

  /**
   * Every session opened until now becomes invalid, as when an org expires or revokes sessions; a session opened
   * after the call is valid, however soon after (a generation count, not a clock: no same-millisecond ambiguity).
   */
  public expireSessions(): void {
    this.org.sessionGeneration += 1;
  }

  public reset(): void {
    this.latencyMs = 0;
    this.slowDeployPolls = 0;
    this.propagationDelayMs = 0;
    this.crossReferenceOnNewApp = false;
    this.unpropagatedRequests = 0;
    this.errors = [];
    this.drops = [];
    this.stagedPropagationDelayMs = 0;
    this.replyDrops = [];
    this.delays = [];
  }

  /** Consumes one injected lost answer for this path, if any. */
  public takeReplyDrop(path: string): boolean {
    return take(this.replyDrops, path) !== undefined;
  }

  /** Consumes one injected delay for this path, if any: the milliseconds to wait. */
  public takeDelay(path: string): number {
    return take(this.delays, path)?.status ?? 0;
  }

  /** Consumes one injected error for this path, if any: the HTTP status to answer. */
  public takeError(path: string): number | undefined {
    return take(this.errors, path)?.status;
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
