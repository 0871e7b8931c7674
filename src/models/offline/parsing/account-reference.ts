/**
 * "there", "that account", "the same account": the account last talked about, written out so the
 * account parsers read it like a named one ("buy 5 NVDA there" → "buy 5 NVDA in Schwab"). Without
 * an earlier account nothing is replaced, and the order goes to routing or a question as usual.
 */
const THAT_ACCOUNT =
  /\b(?:(?:in|into|from|on|at|to|with|using|for)\s+)?(?:that|this|the same|the previous|the last)\s+(?:account|brokerage)\b/i;
/** "there" as a place, not "is there" / "there is" / "over there?" in a question about existence. */
const THERE =
  /(?<!\b(?:is|are|was|were|anything|something|nothing)\s)\b(?:in\s+)?there\b(?!\s+(?:is|are|was|were|any)\b)/i;

export function resolveAccountReference(request: string, lastAccount: string | null): string {
  if (!lastAccount) return request;
  const named = ` in ${lastAccount} `;
  const replaced = THAT_ACCOUNT.test(request)
    ? request.replace(THAT_ACCOUNT, named)
    : THERE.test(request)
      ? request.replace(THERE, named)
      : request;
  return replaced.replace(/\s+/g, " ").trim();
}
