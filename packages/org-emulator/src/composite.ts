/*
 * POST /services/data/vNN.0/composite: a series of REST requests in one call, each answered on its own
 * (`{ compositeResponse: [{ body, httpHeaders, httpStatusCode, referenceId }] }`, HTTP 200 whatever the
 * subrequests did). The org allows 25 subrequests, of which 5 queries; this emulator answers the query
 * subrequests (what the plugin sends) and says 404 for any other resource. With allOrNone, one failure turns
 * the others into PROCESSING_HALTED. The limit messages are a best imitation.
 */
import { type EmulatorContext, type EmulatorRequest, type Reply, json, requireRestSession, restError } from './http.js';
import { answerQuery, checkVersion } from './rest.js';

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_SUBREQUESTS = 5;

type Subrequest = { method?: unknown; url?: unknown; referenceId?: unknown; httpHeaders?: unknown };
type Subresponse = { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string };

const QUERY_URL = /^\/services\/data\/(v\d+\.\d)\/query(?:All)?\/?\?(.*)$/;

/** A subrequest's own header (its `httpHeaders`, names in any case). */
function headerOf(sub: Subrequest, name: string): string | undefined {
  if (typeof sub.httpHeaders !== 'object' || sub.httpHeaders === null) return undefined;
  const found = Object.entries(sub.httpHeaders).find(([key]) => key.toLowerCase() === name);
  return typeof found?.[1] === 'string' ? found[1] : undefined;
}

function answer(sub: Subrequest, ctx: EmulatorContext, userId: string): Reply {
  const url = typeof sub.url === 'string' ? sub.url : '';
  const match = QUERY_URL.exec(url);
  if (sub.method !== 'GET' || !match) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  // A query answered in batches: the subresponse body carries nextRecordsUrl, read with GET outside the Composite.
  return answerQuery(ctx, new URLSearchParams(match[2]).get('q'), match[1], {
    userId,
    queryOptions: headerOf(sub, 'sforce-query-options'),
  });
}

const subresponse = (reply: Reply, referenceId: string): Subresponse => ({
  body: reply.body === undefined ? null : (JSON.parse(String(reply.body)) as unknown),
  httpHeaders: {},
  httpStatusCode: reply.status,
  referenceId,
});

export function composite(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = requireRestSession(req, ctx);
  const versionProblem = checkVersion(req, ctx);
  if (versionProblem) return versionProblem;
  let input: { allOrNone?: unknown; compositeRequest?: unknown };
  try {
    input = JSON.parse(req.body.toString('utf8')) as typeof input;
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON.');
  }
  const subrequests = input.compositeRequest;
  if (!Array.isArray(subrequests) || subrequests.length === 0)
    return restError(400, 'INVALID_FIELD', 'compositeRequest: a list of subrequests is required.');
  if (subrequests.length > MAX_SUBREQUESTS)
    return restError(400, 'LIMIT_EXCEEDED', `A composite request can't have more than ${MAX_SUBREQUESTS} subrequests.`);
  const queries = (subrequests as Subrequest[]).filter((sub) => typeof sub.url === 'string' && QUERY_URL.test(sub.url));
  if (queries.length > MAX_QUERY_SUBREQUESTS)
    return restError(
      400,
      'LIMIT_EXCEEDED',
      `A composite request can't have more than ${MAX_QUERY_SUBREQUESTS} query subrequests.`,
    );
  const responses = (subrequests as Subrequest[]).map((sub, index) =>
    subresponse(
      answer(sub, ctx, session.userId),
      typeof sub.referenceId === 'string' ? sub.referenceId : `ref${index}`,
    ),
  );
  if (input.allOrNone === true && responses.some((r) => r.httpStatusCode >= 400)) {
    const halted = [
      {
        errorCode: 'PROCESSING_HALTED',
        message: 'The transaction was rolled back since another operation in the same transaction failed.',
      },
    ];
    for (const response of responses)
      if (response.httpStatusCode < 400) Object.assign(response, { body: halted, httpStatusCode: 400 });
  }
  return json(200, { compositeResponse: responses });
}
