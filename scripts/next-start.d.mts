// Types of scripts/next-start.mjs (plain JavaScript, so start.mjs needs no TypeScript).
export declare function nextStartArgs(nextBin: string, listen: { port: string; host: string }): string[];
export declare function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
