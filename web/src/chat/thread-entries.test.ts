import { describe, expect, it } from "vitest";
import type { Message } from "../api/types.js";
import { entriesOf, type ThreadEntry, withEarlierPage } from "./thread-entries.js";

const message = (id: string, role: Message["role"] = "user"): Message => ({
  id,
  role,
  content: `text of ${id}`,
});
const ids = (entries: readonly ThreadEntry[]) => entries.map((entry) => entry.id);

describe("an earlier page put before the shown thread", () => {
  it("puts the page first, in the page's order, each message keyed by its id", () => {
    const shown = entriesOf([message("m4"), message("m5", "assistant")]);
    const merged = withEarlierPage(shown, [message("m1"), message("m2", "tool"), message("m3", "assistant")]);
    expect(ids(merged)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(merged.slice(0, 3).map((entry) => entry.key)).toEqual(["m1", "m2", "m3"]);
    expect(merged[1]).toMatchObject({ role: "tool", content: "text of m2" });
  });

  it("keeps the shown entries as they are (their keys and delivery state), after the page", () => {
    const local: ThreadEntry = { id: "m9", key: "local-1", role: "user", content: "hi", delivery: "sending" };
    const shown = [...entriesOf([message("m8")]), local];
    const merged = withEarlierPage(shown, [message("m7")]);
    expect(merged.slice(1)).toEqual(shown);
    expect(merged[2]).toBe(local);
  });

  it("drops a message already shown, keeping it where it was", () => {
    const shown = entriesOf([message("m3"), message("m4")]);
    const merged = withEarlierPage(shown, [message("m1"), message("m2"), message("m3")]);
    expect(ids(merged)).toEqual(["m1", "m2", "m3", "m4"]);
  });

  it("keeps one copy of a message the page holds twice", () => {
    const merged = withEarlierPage(entriesOf([message("m3")]), [message("m1"), message("m2"), message("m1")]);
    expect(ids(merged)).toEqual(["m1", "m2", "m3"]);
  });

  it("pages loaded one after another read in the thread's order", () => {
    const thread = Array.from({ length: 7 }, (_, i) => message(`m${i + 1}`, i % 2 ? "assistant" : "user"));
    let shown = entriesOf(thread.slice(4));
    shown = withEarlierPage(shown, thread.slice(2, 4));
    shown = withEarlierPage(shown, thread.slice(0, 2));
    expect(shown.map(({ key: _, ...m }) => m)).toEqual(thread);
    expect(new Set(shown.map((entry) => entry.key)).size).toBe(thread.length);
  });

  it("an empty page leaves the thread as it was", () => {
    const shown = entriesOf([message("m1")]);
    expect(withEarlierPage(shown, [])).toEqual(shown);
  });
});
