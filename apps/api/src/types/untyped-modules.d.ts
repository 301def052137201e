declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

declare module 'graphql-depth-limit' {
  import type { ValidationContext, ASTVisitor } from 'graphql';
  export default function depthLimit(maxDepth: number, options?: object, callback?: (depths: unknown) => void): (ctx: ValidationContext) => ASTVisitor;
}

declare module 'async-exit-hook' {
  interface ExitHook {
    (hook: (done?: () => void) => void): void;
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  }
  const exitHook: ExitHook;
  export default exitHook;
}

// Express's own helpers, for the request steps that also run before Express (common/bare-http.ts).
declare module 'etag' {
  export default function etag(entity: string | Buffer, options?: { weak?: boolean }): string;
}

declare module 'vary' {
  import type { ServerResponse } from 'node:http';
  export default function vary(res: ServerResponse, field: string | string[]): void;
}
