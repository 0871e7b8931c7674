import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The browser app's entry point (web/src/main.tsx, from the repository root). */
export const DEFAULT_WEB_ENTRY = fileURLToPath(new URL("../../../../web/src/main.tsx", import.meta.url));

export interface WebAsset {
  contents: Uint8Array;
  contentType: string;
  /** The same bytes compressed once at build time (the assets never change while running). */
  encoded: { br: Uint8Array; gzip: Uint8Array };
}

export interface WebBundle {
  /** Asset file name (content-hashed) -> its bytes. */
  assets: Map<string, WebAsset>;
  script: string;
  stylesheet: string | null;
}

const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * Bundles the app in memory with esbuild (no build step, nothing written to disk). File names
 * carry esbuild's content hash, so the assets can be cached forever and a new build is a new URL.
 */
export async function buildWebBundle(entry: string = DEFAULT_WEB_ENTRY): Promise<WebBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    // Only names the outputs: with write:false nothing is written there.
    outdir: path.join(path.dirname(entry), "out"),
    entryNames: "[name]-[hash]",
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const assets = new Map<string, WebAsset>();
  let script: string | null = null;
  let stylesheet: string | null = null;
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const extension = path.extname(name);
    const contentType = contentTypes[extension];
    if (!contentType) continue;
    assets.set(name, { contents: file.contents, contentType, encoded: precompress(file.contents) });
    if (extension === ".js") script = name;
    if (extension === ".css") stylesheet = name;
  }
  if (!script) throw new Error(`esbuild produced no script for ${entry}`);
  return { assets, script, stylesheet };
}

function precompress(contents: Uint8Array): WebAsset["encoded"] {
  return {
    br: brotliCompressSync(contents, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: contents.length,
      },
    }),
    gzip: gzipSync(contents, { level: constants.Z_BEST_COMPRESSION }),
  };
}

/** Builds once, on first use; a failed build is retried by the next caller instead of being cached. */
export function lazyWebBundle(entry?: string): () => Promise<WebBundle> {
  let pending: Promise<WebBundle> | null = null;
  return () => {
    pending ??= buildWebBundle(entry).catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
