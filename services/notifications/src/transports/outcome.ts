/** What one try at sending answered, whatever the channel. */
export interface SendOutcome {
  ok: boolean;
  /** The SMTP reply code or HTTP status; null when nothing answered (refused connection, timeout). */
  code: number | null;
  /** The answer's first KB, or the error. */
  answer: string;
  /** A wait the receiver asked for (Retry-After on 429/503). */
  retryAfterMs?: number;
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'failed';
