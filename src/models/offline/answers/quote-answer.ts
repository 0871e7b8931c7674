import { formatMoney, formatTimestamp } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetQuoteResult } from "../../tool-contracts.js";

/** get_quote → "TSLA (Tesla, Inc.) is at $250.12 (bid $250.10, ask $250.15) as of …". */
export function quoteAnswer(result: GetQuoteResult): string {
  const description = cleanDataText(result.description, 60);
  const name = description ? `${result.symbol} (${description})` : result.symbol;
  const spread =
    result.bid !== null && result.ask !== null
      ? ` (bid ${formatMoney(result.bid)}, ask ${formatMoney(result.ask)})`
      : "";
  const when = formatTimestamp(result.asOf);
  return `${name} is at ${formatMoney(result.price)}${spread}${when ? ` as of ${when}` : ""}.`;
}
