// Types of scripts/next-start.mjs (plain JavaScript, so start.mjs needs no TypeScript).
export declare function nextStartCommand(
  nextBin: string,
  listen: { port: string; host: string },
  env: NodeJS.ProcessEnv,
): { args: string[]; env: NodeJS.ProcessEnv };
