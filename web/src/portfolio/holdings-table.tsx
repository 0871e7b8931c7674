import { useState } from "preact/hooks";
import type { Account, Holding } from "../api/types.js";
import { money, shares, signedMoney } from "../format.js";

interface Props {
  positions: Holding[];
  accounts: Account[];
}

/** One row per symbol; a row opens to show which accounts hold it and whether each can trade. */
export function HoldingsTable({ positions, accounts }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const toggle = (symbol: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(symbol)) next.add(symbol);
      return next;
    });

  if (positions.length === 0) return <p class="muted">No holdings yet. Link an account to see them here.</p>;
  return (
    <table class="holdings">
      <caption class="sr-only">Holdings across all accounts</caption>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col" class="num">
            Shares
          </th>
          <th scope="col" class="num">
            Price
          </th>
          <th scope="col" class="num">
            Value
          </th>
          <th scope="col" class="num wide-only">
            Cost basis
          </th>
          <th scope="col" class="num wide-only">
            Gain/loss
          </th>
        </tr>
      </thead>
      <tbody>
        {positions.map((holding) => {
          // Paper positions are their own rows, labelled, never added to live ones.
          const key = holding.isPaper ? `${holding.symbol}:paper` : holding.symbol;
          const expanded = open.has(key);
          const alsoLive =
            holding.isPaper && positions.some((p) => !p.isPaper && p.symbol === holding.symbol);
          return [
            <tr key={key} class="holding-row" data-symbol={holding.symbol}>
              <th scope="row">
                <button
                  type="button"
                  class="row-toggle"
                  aria-expanded={expanded}
                  aria-label={`${holding.symbol}: show accounts`}
                  onClick={() => toggle(key)}
                >
                  <span aria-hidden="true">{expanded ? "▾" : "▸"}</span> {holding.symbol}
                </button>
                {holding.isPaper && <span class="badge badge-paper">Paper</span>}
                <span class="holding-description">{holding.description}</span>
              </th>
              <td class="num">{shares(holding.quantity)}</td>
              <td class="num" data-testid={`price-${holding.symbol}${alsoLive ? "-paper" : ""}`}>
                {money(holding.price)}
              </td>
              <td class="num">{money(holding.marketValue)}</td>
              <td
                class="num wide-only"
                title={holding.averageCost === null ? undefined : `${money(holding.averageCost)} a share`}
              >
                {money(holding.costBasis)}
              </td>
              <td class={`num wide-only ${(holding.unrealizedPl ?? 0) >= 0 ? "gain" : "loss"}`}>
                {signedMoney(holding.unrealizedPl)}
              </td>
            </tr>,
            ...(expanded
              ? holding.accounts.map((entry) => {
                  const account = byId.get(entry.accountId);
                  return (
                    <tr key={`${key}:${entry.accountId}`} class="account-row">
                      <td>
                        {account ? `${account.institution} · ${account.name}` : entry.accountId}
                        {!entry.canTrade && <span class="badge badge-readonly">Read-only</span>}
                      </td>
                      <td class="num">{shares(entry.quantity)}</td>
                      <td class="num" />
                      <td class="num">{money(entry.marketValue)}</td>
                      <td class="num wide-only">{money(entry.costBasis)}</td>
                      <td class="num wide-only">{signedMoney(entry.unrealizedPl)}</td>
                    </tr>
                  );
                })
              : []),
          ];
        })}
      </tbody>
    </table>
  );
}
