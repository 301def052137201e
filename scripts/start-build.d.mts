// Types for start-build.mjs (imported by its spec).
export declare const START_PROJECTS: readonly string[];
export declare function startBuildArgs(extra?: readonly string[]): string[];
export declare function nxEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>;
