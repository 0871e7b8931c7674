import { tool } from "@langchain/core/tools";
import { KNOWN_NAMES } from "../src/models/offline/parsing/ticker-table.js";
import { type FindSecurityResult, toolInputs } from "../src/models/tool-contracts.js";
import { unsupportedReply, unsupportedSymbol } from "../src/models/unsupported-requests.js";
import type { SecurityMatch } from "../src/portfolio/securities/security-match.js";
import { SecurityResolver } from "../src/portfolio/securities/security-resolver.js";
import type { ToolServices } from "./read-tools.js";
import { runContextOf } from "./run-context.js";

/** The well-known names the offline model reads, offered to the resolver as its last source. */
const wellKnown = KNOWN_NAMES.map(({ name, ticker }) => ({ symbol: ticker, name }));

const json = (value: unknown) => JSON.stringify(value);

function summary(match: SecurityMatch): FindSecurityResult["matches"][number] {
  return { symbol: match.symbol, name: match.name, held: match.held, source: match.source };
}

/** find_security: which stock or ETF the user's words mean, from their holdings and brokers. */
export function createSecurityTools({ portfolio }: Pick<ToolServices, "portfolio">) {
  const resolver = new SecurityResolver(portfolio, { wellKnown });
  const findSecurity = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      // An option contract or a crypto pair is refused here too, never looked up as a stock.
      const unsupported = unsupportedSymbol(input.query);
      if (unsupported) return json({ error: unsupportedReply(unsupported) });
      const { resolution, unavailable } = await resolver.resolve(userId, input.query);
      const matches =
        resolution.kind === "none"
          ? []
          : resolution.kind === "candidates"
            ? resolution.candidates.map(summary)
            : [summary(resolution.match)];
      const result: FindSecurityResult = {
        query: input.query,
        status: resolution.kind,
        matches,
        unavailable,
      };
      return json(result);
    },
    {
      name: "find_security",
      description: toolInputs.find_security.description!,
      schema: toolInputs.find_security,
    },
  );
  return [findSecurity];
}
