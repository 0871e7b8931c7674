import type { InvestmentsHoldingsGetResponse } from "plaid";
import { providerAccountIdFor } from "../account-ids.js";
import type { Activity, BrokerAccount, BrokerPosition } from "../model.js";
import type { BrokerSession } from "../session.js";
import type { PlaidCalls } from "./calls.js";
import { toAccounts, toActivity, toPositions } from "./mapping.js";

/** listAccounts and the listPositions calls right after it share one holdings answer. */
const holdingsReuseMs = 5_000;
const transactionPageSize = 500;
const maxTransactionPages = 20;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** One Plaid item (one institution login), bound to its access token. Read-only. */
export class PlaidSession implements BrokerSession {
  readonly provider = "plaid" as const;
  private recentHoldings: { at: number; answer: Promise<InvestmentsHoldingsGetResponse> } | null = null;
  /** Learnt from the first answer, so a later "login required" can name the item to repair. */
  private itemId: string | null = null;

  constructor(
    private readonly calls: PlaidCalls,
    private readonly accessToken: string,
    private readonly now: () => Date,
  ) {}

  async listAccounts(): Promise<BrokerAccount[]> {
    return toAccounts(await this.holdings());
  }

  async listPositions(accountId: string): Promise<BrokerPosition[]> {
    const id = providerAccountIdFor("plaid", accountId);
    return toPositions(await this.holdings(), accountId, id);
  }

  async listActivities(accountId: string, range: { from: Date; to: Date }): Promise<Activity[]> {
    const id = providerAccountIdFor("plaid", accountId);
    const activities: Activity[] = [];
    for (let page = 0; page < maxTransactionPages; page++) {
      const offset = activities.length;
      const answer = await this.calls.read(
        "investmentsTransactionsGet",
        (options) =>
          this.calls.api.investmentsTransactionsGet(
            {
              access_token: this.accessToken,
              start_date: isoDate(range.from),
              end_date: isoDate(range.to),
              options: { account_ids: [id], count: transactionPageSize, offset },
            },
            options,
          ),
        { itemId: this.itemId },
      );
      this.itemId = answer.item.item_id;
      const securities = new Map(answer.securities.map((s) => [s.security_id, s]));
      for (const transaction of answer.investment_transactions) {
        activities.push(toActivity(accountId, transaction, securities));
      }
      const done =
        answer.investment_transactions.length === 0 ||
        activities.length >= answer.total_investment_transactions;
      if (done) break;
    }
    return activities;
  }

  private holdings(): Promise<InvestmentsHoldingsGetResponse> {
    const now = this.now().getTime();
    if (this.recentHoldings && now - this.recentHoldings.at < holdingsReuseMs)
      return this.recentHoldings.answer;
    const answer = this.calls
      .read(
        "investmentsHoldingsGet",
        (options) => this.calls.api.investmentsHoldingsGet({ access_token: this.accessToken }, options),
        { itemId: this.itemId },
      )
      .then((holdings) => {
        this.itemId = holdings.item.item_id;
        return holdings;
      });
    const entry = { at: now, answer };
    this.recentHoldings = entry;
    // A failed answer is not worth reusing.
    answer.catch(() => {
      if (this.recentHoldings === entry) this.recentHoldings = null;
    });
    return answer;
  }
}
