/**
 * What the collector writes to `collector-rejects` for a request or event it refuses: the reason, the
 * request's context and the raw body, capped (a dead letter to investigate, never the whole address).
 */
export const REJECT_BODY_CAP_BYTES = 8192;

export interface RejectInput {
  readonly reason: string;
  /** A short kind for counting: malformed_json, too_large, too_many_events, invalid_batch, invalid_event, … */
  readonly kind: string;
  readonly status: number;
  readonly path: string;
  readonly receivedAt: Date;
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly origin: string | null;
  readonly body: string;
}

export function rejectRecordValue(input: RejectInput): string {
  const bytes = Buffer.from(input.body, 'utf8');
  const truncated = bytes.length > REJECT_BODY_CAP_BYTES;
  return JSON.stringify({
    kind: input.kind,
    reason: input.reason,
    status: input.status,
    path: input.path,
    received_at: input.receivedAt.toISOString(),
    client_network: input.address,
    user_agent: input.userAgent,
    origin: input.origin,
    body: truncated ? bytes.subarray(0, REJECT_BODY_CAP_BYTES).toString('utf8') : input.body,
    body_bytes: bytes.length,
    body_truncated: truncated,
  });
}
