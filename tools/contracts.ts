/** The tools' contract lives with the models (a lower layer) so the offline model can read it. */
export * from "../src/models/tool-contracts.js";
