/**
 * Terminal styling. Colours only on a terminal, and never with NO_COLOR (https://no-color.org)
 * or --no-color, so piped output and logs stay plain text.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const plainStyle: Style = {
  bold: (t) => t,
  dim: (t) => t,
  green: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

export const colourStyle: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

export function chooseStyle(options: {
  isTty: boolean;
  noColorFlag: boolean;
  env: NodeJS.ProcessEnv;
}): Style {
  const noColor = options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== "";
  return options.isTty && !options.noColorFlag && !noColor ? colourStyle : plainStyle;
}
