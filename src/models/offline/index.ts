export { type OfflineCallOptions, OfflineChatModel } from "./offline-chat-model.js";
