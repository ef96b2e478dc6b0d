import type { ServerResponse } from 'node:http';

/** Answers `status` with no body; returns the status, for the request's log line. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): number {
  res.writeHead(status, headers);
  res.end();
  return status;
}

/** Answers `status` with `body` as JSON; returns the status, for the request's log line. */
export function sendJson(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}
