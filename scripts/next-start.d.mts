// Types of scripts/next-start.mjs (plain JavaScript, so start.mjs needs no TypeScript).
export declare const DEFAULT_MAX_OLD_SPACE_MB: number;
export declare function nextStart<Env extends Record<string, string | undefined>>(
  nextBin: string,
  listen: { port: string; host: string },
  env: Env,
): { args: string[]; env: Env & { MALLOC_ARENA_MAX: string; NODE_OPTIONS: string } };
