import { type JsonAnswer, requestJson, requestOk } from "./http.js";

/** DESIGN.md section 4 shapes, as far as the benchmarks read them. */
export interface PendingConfirmationView {
  id: string;
  hash: string;
  account: { id: string; name: string };
  order: { symbol: string; side: string; quantity: number | null };
}

export interface ThreadAnswer {
  threadId: string;
  messages: Array<{ role: string; content: string }>;
  pendingConfirmation: PendingConfirmationView | null;
}

export interface DecisionAnswer extends ThreadAnswer {
  order: { id: string; status: string; brokerOrderId: string | null; clientOrderId: string | null } | null;
}

/** Signs in with the Supabase password grant (the broker sandbox plays Supabase Auth). */
export async function signIn(
  authUrl: string,
  email: string,
  password: string,
  anonKey = "sandbox-anon-key",
): Promise<string> {
  const body = await requestOk<{ access_token: string }>(`${authUrl}/auth/v1/token?grant_type=password`, {
    body: { email, password },
    headers: { apikey: anonKey },
  });
  return body.access_token;
}

/** The service's HTTP API for one signed-in user. Answers keep their status; callers judge them. */
export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  /** Same user, another replica. */
  on(baseUrl: string): ServiceClient {
    return new ServiceClient(baseUrl, this.token);
  }

  request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<JsonAnswer<T>> {
    return requestJson<T>(`${this.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.token}` },
    });
  }

  async createThread(): Promise<string> {
    const answer = await this.request<{ threadId: string }>("/api/threads", { method: "POST" });
    if (answer.status !== 201) throw new Error(`create thread answered ${answer.status}`);
    return answer.body.threadId;
  }

  send(threadId: string, content: string): Promise<JsonAnswer<ThreadAnswer>> {
    return this.request<ThreadAnswer>(`/api/threads/${threadId}/messages`, { body: { content } });
  }

  thread(threadId: string): Promise<JsonAnswer<ThreadAnswer>> {
    return this.request<ThreadAnswer>(`/api/threads/${threadId}`);
  }

  decide(
    threadId: string,
    pending: PendingConfirmationView,
    decision: "approve" | "reject",
  ): Promise<JsonAnswer<DecisionAnswer>> {
    const body = decision === "approve" ? { decision, hash: pending.hash } : { decision };
    return this.request<DecisionAnswer>(`/api/threads/${threadId}/confirmations/${pending.id}`, { body });
  }

  holdings(): Promise<JsonAnswer<{ totalValue: number; accounts: unknown[]; warnings: unknown[] }>> {
    return this.request("/api/holdings");
  }
}
