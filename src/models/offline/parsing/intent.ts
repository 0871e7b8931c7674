import type { OrderRequest } from "../../../orders/contract/index.js";
import type { ToolName } from "../../tool-contracts.js";
import type { SecuritySuggestion } from "./security-suggestions.js";

/** One tool call the parser wants to make; args are checked against `toolInputs` before use. */
export interface PlannedToolCall {
  name: ToolName;
  args: Record<string, unknown>;
}

/** Why an order can't be prepared yet; each maps to one question back to the user. */
export type MissingOrderPart =
  | { kind: "side" }
  /**
   * `suggestion`: the one security the name probably is ("did you mean ...?"); `candidates`:
   * several it may be; `searched`: the holdings and brokers were asked and knew nothing close.
   */
  | {
      kind: "symbol";
      unrecognisedName?: string;
      suggestion?: SecuritySuggestion;
      candidates?: SecuritySuggestion[];
      searched?: boolean;
    }
  /**
   * Words that should name a security but are no ticker the parser knows: looked up with
   * find_security before anything else. `suggestion` is the built-in table's guess, used
   * only where that tool is not available.
   */
  | { kind: "unknown_security"; phrase: string; suggestion?: SecuritySuggestion }
  | { kind: "index_fund" }
  | { kind: "several_symbols"; symbols: string[] }
  | { kind: "amount" }
  | { kind: "conflicting_amounts"; descriptions: string[] }
  | { kind: "unclear_amount"; text: string }
  | { kind: "buy_by_fraction" }
  | { kind: "limit_price" }
  | { kind: "stop_price" }
  /** prepare_order itself asked (e.g. which account); its question is repeated if still unanswered. */
  | { kind: "tool_question"; question: string };

export type Intent =
  | { kind: "tool_calls"; calls: PlannedToolCall[] }
  /** A trade that can't be prepared yet: ask, and remember the partial prepare_order input for the next turn. */
  | { kind: "incomplete_order"; draft: Partial<OrderRequest>; missing: MissingOrderPart }
  | { kind: "clarify"; question: string }
  /** A question about the open card, answered from the card's own figures. */
  | { kind: "card_answer"; text: string }
  | { kind: "greeting" }
  | { kind: "thanks" }
  | { kind: "help" }
  | { kind: "advice_request" }
  /** A yes/no that reached the model: it never approves; `pending` says whether a card is open. */
  | { kind: "confirmation_reply"; pending: boolean }
  /** A read about words that are no known ticker: looked up first, then read for the exact match. */
  | { kind: "security_question"; phrase: string; tool: "get_quote" }
  | { kind: "not_understood"; text: string };
