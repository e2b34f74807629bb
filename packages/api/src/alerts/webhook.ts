/** What one webhook delivery did: the last HTTP status (null when none answered), attempts made, last error. */
export interface Delivery {
  ok: boolean;
  status: number | null;
  attempts: number;
  error?: string;
}

/** Options of {@link postWebhook}. */
export interface WebhookOptions {
  /** Milliseconds per attempt (default 5,000). */
  timeoutMs?: number;
  /** Attempts in all (default 3). */
  attempts?: number;
  /** Milliseconds before the second attempt, doubled after each (default 500). */
  backoffMs?: number;
}

/**
 * POSTs JSON to a webhook, with a timeout per attempt and a few retries with backoff on a network error, a
 * timeout, 429 or a 5xx answer (a 4xx answer is final: retrying the same body cannot help).
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: unknown, options: WebhookOptions = {}): Promise<Delivery> {
  const attempts = options.attempts ?? 3;
  let delay = options.backoffMs ?? 500;
  let last: Delivery = { ok: false, status: null, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'sluice-alerts', ...headers }, body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000), redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      last = { ok: res.ok, status: res.status, attempts: attempt, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
      if (res.ok || (res.status < 500 && res.status !== 429)) return last;
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      last = { ok: false, status: null, attempts: attempt, error: name === 'TimeoutError' ? `no answer in ${options.timeoutMs ?? 5000} ms` : e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e) };
    }
    if (attempt < attempts) {
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
  return last;
}
