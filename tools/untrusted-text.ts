/**
 * Text from brokers (security names, descriptions, error messages) reaches the model as data.
 * Strip control characters and cap its length so it cannot smuggle structure or bulk into the
 * conversation; the model is told such fields are data, and nothing executes on their say-so.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function untrustedText(value: string | null | undefined, maxLength = 120): string {
  if (!value) return "";
  const cleaned = value.replace(controlCharacters, " ").replace(/\s+/g, " ").trim();
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}
