// HTTP plumbing in Vapor's manner: errors are `{"error": true, "reason": ...}`, dates are
// ISO-8601 without fractional seconds, request bodies are JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Vapor's `Abort`: a status and a reason that reach the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'HttpError';
  }
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export const ok = (body: unknown): JsonResponse => ({ status: 200, body });

/** Vapor's JSON date encoding: `2026-03-01T12:00:00Z`. */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoOrNull(date: Date | null): string | null {
  return date ? isoDate(date) : null;
}

export const now = (): string => isoDate(new Date());

/** How Swift prints a Double inside a string: always with a fraction (`3.0`, `0.4123`). */
export function swiftDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * How a nil optional reaches the client: 'omit' leaves the key out as Swift's synthesized
 * Encodable does (the real API); 'null' writes it as null (what other encoders do).
 */
export type NilKeys = 'omit' | 'null';

/** JSON as Swift writes it: object keys whose value is nil are left out. */
export function swiftJson(body: unknown): string {
  return JSON.stringify(body, (key, value) => (value === null && key !== '' ? undefined : value));
}

export function sendJson(res: ServerResponse, response: JsonResponse, nilKeys: NilKeys = 'omit'): void {
  const payload = nilKeys === 'omit' ? swiftJson(response.body) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function errorResponse(status: number, reason: string): JsonResponse {
  return { status, body: { error: true, reason } };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Decodes a JSON request body the way Vapor's content decoding fails: no content type is 415,
 * anything that is not a JSON object is a 400 decode error.
 */
export function decodeJsonObject(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!contentType) throw new HttpError(415, "Can't decode data without a content type");
  if (!/^application\/json\b/i.test(contentType.trim())) {
    throw new HttpError(415, `Don't know how to decode ${contentType.split(';')[0]?.trim()}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new HttpError(400, "Data corrupted at path ''. The given data was not valid JSON.");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "Value at path '' was not of type 'Dictionary<String, Any>'.");
  }
  return parsed as Record<string, unknown>;
}

/** An optional string field: absent or null is undefined, another type is a decode error. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new HttpError(400, `Value at path '${key}' was not of type 'String'. Expected to decode String.`);
  }
  return value;
}

/** A required string field (Swift `String`, not `String?`): absence is a decode error. */
export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (value === undefined) throw new HttpError(400, `Value required for key at path '${key}'.`);
  if (value === null) throw new HttpError(400, `Value of type 'String' was not found at path '${key}'.`);
  return optionalString(body, key) as string;
}

/** Trimmed; empty becomes undefined (Swift's `.trimmingCharacters(...).nonEmpty`). */
export function trimmedOrUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The first 64 characters (not UTF-16 units) of a trimmed source, or the default. */
export function sanitizeSource(source: string | undefined, fallback: string): string {
  const trimmed = trimmedOrUndefined(source);
  return trimmed ? Array.from(trimmed).slice(0, 64).join('') : fallback;
}
