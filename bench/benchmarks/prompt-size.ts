import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { getEncoding } from "js-tiktoken";
import { loadSystemPrompt } from "../../src/models/system-prompt.js";
import { createAgentTools, type ToolServices } from "../../tools/index.js";
import { type BenchmarkResult, measured } from "../report/result.js";

/** Building the tools only reads their schemas; no service is called, so inert stand-ins do. */
const inert = new Proxy(
  {},
  {
    get() {
      throw new Error("a tool touched its services while being built");
    },
  },
);
const inertServices = { portfolio: inert, orders: inert } as unknown as ToolServices;

/**
 * Tokens sent with every model call before the conversation: the system prompt plus the tool
 * schemas as the OpenAI API receives them (convertToOpenAITool), counted with o200k_base (the
 * gpt-4o / gpt-4.1 family's encoding) and cl100k_base.
 */
export function promptSize(): Promise<BenchmarkResult> {
  return measured("prompt size", "-", async () => {
    const system = loadSystemPrompt();
    const tools = createAgentTools(inertServices).map((tool) => convertToOpenAITool(tool));
    const o200k = getEncoding("o200k_base");
    const cl100k = getEncoding("cl100k_base");
    const perTool = tools.map((tool) => ({
      name: tool.function.name,
      tokens: o200k.encode(JSON.stringify(tool)).length,
    }));
    const systemTokens = o200k.encode(system).length;
    const toolTokens = perTool.reduce((a, t) => a + t.tokens, 0);
    const allText = system + tools.map((t) => JSON.stringify(t)).join("");
    const largest = [...perTool].sort((a, b) => b.tokens - a.tokens).slice(0, 3);
    return {
      method:
        "js-tiktoken over the system prompt text and JSON.stringify of each convertToOpenAITool(tool). OpenAI renders " +
        "tools into its own prompt format, so the billed count differs by a few percent; the trend is what matters.",
      rows: [
        { metric: "system prompt, tokens", value: String(systemTokens), note: `${system.length} characters` },
        {
          metric: `${tools.length} tool schemas, tokens`,
          value: String(toolTokens),
          note: `largest: ${largest.map((t) => `${t.name} ${t.tokens}`).join(", ")}`,
        },
        {
          metric: "total per model call, tokens",
          value: String(systemTokens + toolTokens),
          note: `o200k_base; cl100k_base ${cl100k.encode(allText).length}`,
        },
      ],
      data: { systemTokens, toolTokens, perTool, cl100kTotal: cl100k.encode(allText).length },
    };
  });
}
