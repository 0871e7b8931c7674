import type { Account } from "../../portfolio/service.js";
import type { RoutingRule } from "../contract/index.js";

/** What routing needs of an account; the portfolio layer's account rows fit it as they are. */
export type RoutableAccount = Pick<
  Account,
  "id" | "provider" | "institution" | "name" | "canTrade" | "connectionStatus" | "buyingPower" | "isPaper"
>;

/** The default trading account the user chose: by id, with its name when chosen (it may be gone since). */
export interface ChosenDefault {
  accountId: string;
  label: string;
}

/** How much of one symbol one account holds. */
export interface RoutableHolding {
  accountId: string;
  symbol: string;
  quantity: number;
}

export interface RouteAlternative<A extends RoutableAccount = RoutableAccount> {
  account: A;
  /** Quantity of the symbol this account holds. */
  holds: number;
  canTrade: boolean;
  /** Why this account cannot take the order; null when it could (the user may pick it instead). */
  whyNot: string | null;
}

/** Which account an order goes to, and why; sizing happens after, with the broker's price. */
export type RouteResult<A extends RoutableAccount = RoutableAccount> =
  | {
      kind: "routed";
      account: A;
      /** One sentence the card shows, made from the facts used. */
      reason: string;
      /** Which rule chose the account. */
      rule: Exclude<RoutingRule, "order_account">;
      /**
       * Why the user's chosen default could not take this order, when routing fell back from it;
       * null otherwise. The card shows it as a warning: a default is never passed over silently.
       */
      defaultNote: string | null;
      alternatives: RouteAlternative<A>[];
      /** Shares of the symbol the chosen account holds (0 for a buy of something new). */
      held: number;
    }
  | { kind: "refused"; reason: string }
  | { kind: "clarify"; question: string };
