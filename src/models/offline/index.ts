export { type ConfirmationDecision, parseConfirmationReply } from "./confirmation-reply.js";
export { type OfflineCallOptions, OfflineChatModel } from "./offline-chat-model.js";
