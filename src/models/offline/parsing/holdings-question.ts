/** What a holdings question asks for beyond the positions themselves, read from the user's words. */
export interface HoldingsQuestion {
  /** "what did I pay", "cost basis", "average cost". */
  cost: boolean;
  /** "total gain", "unrealized", "how much am I up". */
  gains: boolean;
  /** "show all", "list all my positions", "everything". */
  all: boolean;
}

export const COST_CUE =
  /\b(?:cost basis|costbasis|average (?:cost|price)|avg (?:cost|price)|cost per share|what did i pay|how much did i pay|paid|purchase price|bought (?:it |them )?(?:at|for))\b/;
export const GAINS_CUE =
  /\b(?:unreali[sz]ed|reali[sz]ed|total (?:gains?|losses|profit|return)|overall (?:gains?|profit)|gains? (?:and|or|\/) loss(?:es)?|gain\/loss|p ?& ?l so far|(?:my|the) gains?|profit)\b/;
export const SHOW_ALL_CUE =
  /\b(?:show|list|see|give me|display|tell me) (?:me )?(?:all|every|everything|the (?:full|whole|rest|others))\b|\ball (?:my |of my |the )?(?:positions|holdings|stocks|of them)\b|\bevery (?:position|holding)\b|\bthe rest\b|\bfull list\b|\beverything\b/;

export function holdingsQuestion(question: string): HoldingsQuestion {
  const words = question.toLowerCase().replace(/[’']/g, "");
  return { cost: COST_CUE.test(words), gains: GAINS_CUE.test(words), all: SHOW_ALL_CUE.test(words) };
}
