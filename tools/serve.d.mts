export declare const STRICT_CSP: string;
export declare function serveStatic(options?: { root?: string; port?: number; isolation?: boolean; csp?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
