import { z } from "zod";
import { orderChangesSchema, type PendingConfirmation } from "../src/orders/contract/index.js";

/**
 * agent-chat-ui's human-in-the-loop contract (LangChain's HumanInTheLoopMiddleware): the
 * interrupt lists actions to review and what the reviewer may decide; the resume answers
 * `{ decisions: [...] }`, one per action. Here there is one action: the card.
 */
export const hitlDecisionTypes = ["approve", "edit", "reject"] as const;

export interface HitlActionRequest {
  name: "place_order" | "cancel_order";
  args: Record<string, string | number | null>;
  description: string;
}

export interface HitlReviewConfig {
  action_name: HitlActionRequest["name"];
  allowed_decisions: Array<(typeof hitlDecisionTypes)[number]>;
}

export interface HitlRequest {
  action_requests: HitlActionRequest[];
  review_configs: HitlReviewConfig[];
}

export const hitlResumeSchema = z
  .object({
    decisions: z
      .array(
        z.discriminatedUnion("type", [
          z.object({ type: z.literal("approve") }),
          z.object({
            type: z.literal("edit"),
            edited_action: z.object({
              name: z.string().max(64),
              args: z.record(z.string().max(64), z.unknown()),
            }),
          }),
          z.object({ type: z.literal("reject"), message: z.string().max(4000).optional() }),
        ]),
      )
      .length(1, "one decision: the card is the only action"),
  })
  .strict();

export type HitlResume = z.infer<typeof hitlResumeSchema>;

/** The fields of an order card a reviewer may edit, in the orders contract's names. */
const editable = [
  "quantity",
  "notional",
  "limitPrice",
  "stopPrice",
  "orderType",
  "timeInForce",
  "accountId",
] as const;

function withoutDescription({ description: _shownInTheText, ...spec }: PendingConfirmation["order"]) {
  return spec;
}

/** The card as one action to review, rendered from the proposal row. */
export function hitlRequestOf(card: PendingConfirmation): HitlRequest {
  const name = card.kind === "order" ? "place_order" : "cancel_order";
  const { order, account } = card;
  return {
    action_requests: [
      {
        name,
        // The order exactly as the card binds it (the contract's spec), and where it goes.
        args: {
          proposalId: card.id,
          ...withoutDescription(order),
          accountId: account.id,
          expiresAt: card.expiresAt,
        },
        description: card.text,
      },
    ],
    review_configs: [
      {
        action_name: name,
        // A cancel card has nothing to edit.
        allowed_decisions: card.kind === "order" ? ["approve", "edit", "reject"] : ["approve", "reject"],
      },
    ],
  };
}

/**
 * The reviewer's answer as the orders contract's Decision on this card. An edit keeps only the
 * editable fields whose values changed; anything the contract refuses answers null (the card
 * is asked again, unchanged).
 */
export function decisionOfHitl(
  resume: HitlResume,
  card: PendingConfirmation,
):
  | { decision: "approve"; hash: string }
  | { decision: "reject" }
  | { decision: "edit"; changes: z.infer<typeof orderChangesSchema> }
  | null {
  const answer = resume.decisions[0]!;
  if (answer.type === "approve") return { decision: "approve", hash: card.hash };
  if (answer.type === "reject") return { decision: "reject" };
  if (card.kind !== "order") return null;
  const shown = hitlRequestOf(card).action_requests[0]!.args;
  const edited = answer.edited_action.args;
  const changes = Object.fromEntries(
    editable
      .filter((key) => edited[key] != null && edited[key] !== shown[key])
      .map((key) => [key, edited[key]]),
  );
  const parsed = orderChangesSchema.safeParse(changes);
  return parsed.success ? { decision: "edit", changes: parsed.data } : null;
}
