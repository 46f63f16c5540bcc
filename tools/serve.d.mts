export declare const STRICT_CSP: string;
export declare function serveStatic(options?: {
  root?: string;
  port?: number;
  isolation?: boolean;
  csp?: boolean;
  /** Called once per response with the request path and the status sent. */
  onResponse?: (path: string, status: number) => void;
}): Promise<{ url: string; close(): Promise<void> }>;
