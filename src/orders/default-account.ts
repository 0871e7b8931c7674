import { AppError, NotFoundError } from "../core/errors.js";
import { accountLabel } from "../core/format.js";
import type { Account, PortfolioService } from "../portfolio/service.js";
import type { DefaultAccountView } from "./contract/index.js";
import { canTradeNow, whyCannotTrade } from "./routing/tradeability.js";

/** Only an account that can trade now may become the default: answered 422, nothing changed. */
export class DefaultAccountCannotTrade extends AppError {
  override readonly name = "DefaultAccountCannotTrade";
  override readonly kind = "refused";
  constructor(
    readonly account: Account,
    why: string,
  ) {
    super("account_cannot_trade", `${accountLabel(account)} can't be your default trading account: ${why}.`);
  }
}

const automaticRule =
  "Until you choose a default, a buy of a symbol none of your trading accounts hold goes to the live account with the most buying power (a paper account only when no live account can trade).";

/**
 * The user's default trading account (DESIGN.md section 5): read, chosen among the user's own
 * accounts that can trade, or cleared. Storage is the portfolio layer's; what may trade is the
 * routing rules' (the same check routing applies when it uses the default).
 */
export class DefaultAccountSettings {
  constructor(private readonly portfolio: PortfolioService) {}

  async view(userId: string): Promise<DefaultAccountView> {
    const [choice, accounts] = await Promise.all([
      this.portfolio.defaultAccountChoice(userId),
      this.portfolio.listAccounts(userId),
    ]);
    const eligibleAccountIds = accounts.filter(canTradeNow).map((a) => a.id);
    if (!choice) return { chosen: null, rule: automaticRule, eligibleAccountIds };
    const account = accounts.find((a) => a.id === choice.accountId) ?? null;
    const label = account ? accountLabel(account) : choice.label;
    const whyNot = account ? whyCannotTrade(account) : "it is no longer linked";
    return {
      chosen: {
        accountId: choice.accountId,
        label,
        chosenAt: choice.chosenAt,
        linked: account !== null,
        provider: account?.provider ?? null,
        isPaper: account?.isPaper ?? null,
        whyNot,
      },
      rule:
        whyNot === null
          ? `A buy of a symbol none of your trading accounts hold goes to ${label}, your default. A symbol one of them already holds goes to that account, and an account you name always wins.`
          : `Your default, ${label}, can't take orders now (${whyNot}), so buys fall back to the automatic rule until it can. ${automaticRule}`,
      eligibleAccountIds,
    };
  }

  /** Makes one of the user's own tradeable accounts the default; another user's id is unknown (404). */
  async choose(userId: string, accountId: string): Promise<DefaultAccountView> {
    const account = (await this.portfolio.listAccounts(userId)).find((a) => a.id === accountId);
    if (!account) throw new NotFoundError("Account");
    const why = whyCannotTrade(account);
    if (why !== null) throw new DefaultAccountCannotTrade(account, why);
    await this.portfolio.saveDefaultAccountChoice(userId, { accountId, label: accountLabel(account) });
    return this.view(userId);
  }

  /** Forgets the chosen default: routing goes back to the automatic rule. */
  async clear(userId: string): Promise<DefaultAccountView> {
    await this.portfolio.saveDefaultAccountChoice(userId, null);
    return this.view(userId);
  }
}
