// Types of scripts/next-start.mjs (plain JavaScript, so start.mjs needs no TypeScript).
type Env = Record<string, string | undefined>;

export declare function nextStartCommand(
  nextBin: string,
  listen: { port: string; host: string },
  env: Env,
): { args: string[]; env: NodeJS.ProcessEnv };
export declare function jemallocPaths(arch?: string): string[];
export declare function installedJemalloc(exists?: (path: string) => boolean): string | undefined;
export declare function allocatorEnv(env: Env, exists?: (path: string) => boolean): Record<string, string>;
