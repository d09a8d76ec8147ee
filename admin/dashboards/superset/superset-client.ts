import { PipelineError } from '../../../lib/errors.js';
import { callTool } from '../tool-http.js';

/** One Superset object as the list endpoint returns it, in the columns asked for. */
export type SupersetRow = Record<string, unknown> & { readonly id: number; readonly uuid: string };

export type SupersetKind = 'database' | 'dataset' | 'chart' | 'dashboard';

/**
 * Superset's REST API as the dashboard commands use it: logs in (JWT), takes a CSRF token for writes,
 * and maps failures onto the project's errors (an unreachable Superset stays DASHBOARD_TOOL_UNREACHABLE).
 */
export class SupersetClient {
  /** Where Superset answers (SUPERSET_URL without a trailing slash). */
  readonly base: string;
  private token = '';
  private csrf = '';
  private cookie = '';

  constructor(
    baseUrl: string,
    private readonly login: { readonly user: string; readonly password: string },
  ) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  private async raw(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
    const answer = await callTool(
      `${this.base}${path}`,
      {
        method,
        headers: {
          referer: this.base,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(this.csrf && method !== 'GET' ? { 'x-csrftoken': this.csrf } : {}),
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
        body,
      },
      (cause) =>
        `Superset at ${this.base} could not be reached (${cause}). Check SUPERSET_URL, or start the native stack's: npm run stack:up -- --with superset.`,
    );
    const setCookie = answer.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? this.cookie;
    return answer;
  }

  /** Logs in and takes a CSRF token; a wrong password is DASHBOARD_TOOL_REFUSED. */
  async connect(): Promise<void> {
    const login = await this.raw('POST', '/api/v1/security/login', {
      username: this.login.user,
      password: this.login.password,
      provider: 'db',
      refresh: false,
    });
    if (login.status === 401) {
      throw new PipelineError(
        'DASHBOARD_TOOL_REFUSED',
        `Superset at ${this.base} refused ${this.login.user}'s login: set SUPERSET_USER and SUPERSET_PASSWORD to an admin of it (the native stack's are in .stack/secrets.env).`,
      );
    }
    const token = (login.json as { access_token?: string } | undefined)?.access_token;
    if (login.status !== 200 || !token) {
      throw new PipelineError(
        'DASHBOARD_TOOL_UNREACHABLE',
        `The service at ${this.base} does not look like Superset: POST /api/v1/security/login answered ${login.status}. Check SUPERSET_URL.`,
      );
    }
    this.token = token;
    const csrf = await this.request<{ result: string }>('GET', '/api/v1/security/csrf_token/');
    this.csrf = csrf.result;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json, text } = await this.raw(method, path, body);
    if (status >= 200 && status < 300) return json as T;
    const message = (json as { message?: unknown } | undefined)?.message;
    throw new PipelineError(
      'DASHBOARD_TOOL_REQUEST_FAILED',
      `Superset answered ${method} ${path.split('?')[0]} with ${status}: ${message === undefined ? text.slice(0, 300) : JSON.stringify(message).slice(0, 500)}`,
    );
  }

  /** Every object of a kind, in the columns asked for (all pages). */
  async list(kind: SupersetKind, columns: readonly string[]): Promise<SupersetRow[]> {
    const rows: SupersetRow[] = [];
    for (let page = 0; ; page++) {
      const q = encodeURIComponent(`(columns:!(${columns.join(',')}),page:${page},page_size:100)`);
      const answer = await this.request<{ result: SupersetRow[]; count: number }>('GET', `/api/v1/${kind}/?q=${q}`);
      rows.push(...answer.result);
      if (answer.result.length < 100 || rows.length >= answer.count) return rows;
    }
  }

  get<T>(kind: SupersetKind, id: number): Promise<{ result: T }> {
    return this.request('GET', `/api/v1/${kind}/${id}`);
  }

  async create(kind: SupersetKind, body: Record<string, unknown>): Promise<number> {
    return (await this.request<{ id: number }>('POST', `/api/v1/${kind}/`, body)).id;
  }

  async update(kind: SupersetKind, id: number, body: Record<string, unknown>): Promise<void> {
    await this.request('PUT', `/api/v1/${kind}/${id}`, body);
  }

  async remove(kind: SupersetKind, id: number): Promise<void> {
    await this.request('DELETE', `/api/v1/${kind}/${id}`);
  }
}
