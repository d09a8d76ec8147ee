import { describeCause, PipelineError } from '../../lib/errors.js';

/** What a dashboard tool answered: the status, the body as JSON when it is JSON, as text always. */
export interface ToolAnswer {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * One request to a dashboard tool's REST API (Superset, Metabase): JSON in, JSON or text out, two minutes
 * at most. A refused or timed-out connection is DASHBOARD_TOOL_UNREACHABLE, with `unreachable` saying
 * which tool and what to do.
 */
export async function callTool(
  url: string,
  request: { method: string; headers: Record<string, string>; body?: unknown },
  unreachable: (cause: string) => string,
): Promise<ToolAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw new PipelineError('DASHBOARD_TOOL_UNREACHABLE', unreachable(describeCause((error as { cause?: unknown }).cause ?? error)), {
      cause: error,
    });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}
