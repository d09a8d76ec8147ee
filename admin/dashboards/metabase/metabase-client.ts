import { PipelineError } from '../../../lib/errors.js';
import { callTool, type ToolAnswer } from '../tool-http.js';
import { loginStep, type MetabaseAdmin, refusedLogin, type SessionProperties, setupPayload } from './metabase-login.js';

/**
 * Metabase's REST API as the dashboard commands use it: sets up a new instance or logs in, sends the
 * session id as X-Metabase-Session, and maps failures onto the project's errors (an unreachable
 * Metabase stays DASHBOARD_TOOL_UNREACHABLE, a refused session DASHBOARD_TOOL_REFUSED).
 */
export class MetabaseClient {
  /** Where Metabase answers (METABASE_URL without a trailing slash). */
  readonly base: string;
  private session = '';
  private email = '';

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  private raw(method: string, path: string, body?: unknown): Promise<ToolAnswer> {
    return callTool(
      `${this.base}${path}`,
      { method, headers: this.session ? { 'x-metabase-session': this.session } : {}, body },
      (cause) =>
        `Metabase at ${this.base} could not be reached (${cause}). Check METABASE_URL, or start the Compose stack's: npm run up -- --with metabase.`,
    );
  }

  /** Sets the instance up on its first run (admin from the configuration), else logs in. */
  async connect(admin: MetabaseAdmin): Promise<void> {
    const properties = await this.raw('GET', '/api/session/properties');
    const found = properties.json as SessionProperties | undefined;
    if (properties.status !== 200 || found === undefined || typeof found !== 'object' || !('has-user-setup' in found)) {
      throw new PipelineError(
        'DASHBOARD_TOOL_UNREACHABLE',
        `The service at ${this.base} does not look like Metabase: GET /api/session/properties answered ${properties.status}. Check METABASE_URL.`,
      );
    }
    const step = loginStep(this.base, found, admin);
    const answer =
      step.kind === 'setup'
        ? await this.raw('POST', '/api/setup', setupPayload(step.token, { email: admin.email, password: step.password }))
        : await this.raw('POST', '/api/session', { username: admin.email, password: step.password });
    const id = (answer.json as { id?: unknown } | undefined)?.id;
    if (step.kind === 'login' && (answer.status === 401 || answer.status === 400))
      throw refusedLogin(this.base, admin.email, answer.status);
    if (answer.status !== 200 || typeof id !== 'string') {
      throw new PipelineError(
        'DASHBOARD_TOOL_REQUEST_FAILED',
        `Metabase at ${this.base} answered ${step.kind === 'setup' ? 'its first-run setup (POST /api/setup)' : 'the login (POST /api/session)'} with ${answer.status}: ${messageOf(answer.json, answer.text)}`,
      );
    }
    this.session = id;
    this.email = admin.email;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json, text } = await this.raw(method, path, body);
    if (status >= 200 && status < 300) return json as T;
    if (status === 401) throw refusedLogin(this.base, this.email || 'the session', status);
    throw new PipelineError(
      'DASHBOARD_TOOL_REQUEST_FAILED',
      `Metabase answered ${method} ${path.split('?')[0]} with ${status}: ${messageOf(json, text)}`,
    );
  }

  /** Creates an object (POST /api/<kind>) and returns its id. */
  async create(kind: 'database' | 'collection' | 'card' | 'dashboard', body: unknown): Promise<number> {
    return (await this.request<{ id: number }>('POST', `/api/${kind}`, body)).id;
  }
}

/** Metabase's error bodies: `{ message }`, `{ errors: { field: text } }`, or plain text. */
export function messageOf(json: unknown, text: string): string {
  const body = json as { message?: unknown; errors?: unknown } | undefined;
  if (typeof body?.message === 'string') return body.message;
  if (body?.errors && typeof body.errors === 'object') return JSON.stringify(body.errors).slice(0, 500);
  return text.slice(0, 300) || '(no body)';
}
