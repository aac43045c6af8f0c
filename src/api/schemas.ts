// The shapes of PickDriver's answers (../shared/pickdriver-api-contract.md). Every body the
// drill reads goes through one of these: an answer of another shape is a failed check, never
// a crash. Objects are loose so fields a newer API adds travel into the report unchanged.
// PickDriver is Swift: a nil optional is left out of the JSON rather than sent as null, so every
// optional field reads an absent key and an explicit null alike (both become null).
import * as z from 'zod';
import { roundMs } from '../util/format.js';

const isoDate = z.string();

/** Milliseconds the API measured, rounded as the report writes them (a Double's noise is no figure). */
const ms = z.number().transform(roundMs);

/** Seconds of uptime, whole: the API may send a Double with a tail of digits. */
const seconds = z.number().transform(Math.round);

/** A Swift optional: absent or null is null. */
const nil = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const vaporErrorSchema = z.looseObject({ error: z.literal(true), reason: z.string() });

export const readySchema = z.looseObject({
  status: z.enum(['ok', 'fail']),
  timestamp: isoDate,
  checks: z.array(
    z.looseObject({
      name: z.string(),
      status: z.string(),
      latencyMs: nil(ms),
      reason: nil(z.string()),
    }),
  ),
});

const migrationSchema = z.looseObject({
  name: z.string(),
  batch: z.number(),
  createdAt: nil(isoDate),
});

export const infoSchema = z.looseObject({
  status: z.string(),
  service: z.string(),
  version: z.string(),
  environment: z.string(),
  timestamp: isoDate,
  uptimeSeconds: seconds,
  recentMigrations: z.array(migrationSchema),
});

export const smokeSchema = z.looseObject({
  status: z.enum(['ok', 'fail']),
  timestamp: isoDate,
  checks: z.array(z.looseObject({ name: z.string(), status: z.string(), details: z.string() })),
});

export const dbInfoSchema = z.looseObject({
  schemaVersion: nil(z.string()),
  lastMigrationAt: nil(isoDate),
  appliedMigrations: z.array(migrationSchema),
  expectedCriticalTables: z.array(z.string()),
  criticalTableCounts: nil(z.record(z.string(), z.number())),
});

export const validateSchema = z.looseObject({
  success: z.boolean(),
  checks: z.array(
    z.looseObject({
      name: z.string(),
      status: z.string(),
      details: z.string(),
      latencyMs: nil(ms),
    }),
  ),
  summary: z.looseObject({ passed: z.number(), failed: z.number(), warnings: z.number() }),
  validatedAtUtc: isoDate,
});

export const maintenanceSchema = z.looseObject({
  status: z.string(),
  maintenanceMode: z.boolean(),
  changed: z.boolean(),
  eventType: z.string(),
  auditLogged: z.boolean(),
  timestamp: isoDate,
});

export type InfoBody = z.infer<typeof infoSchema>;
export type SmokeBody = z.infer<typeof smokeSchema>;
export type DbInfoBody = z.infer<typeof dbInfoSchema>;
export type ValidateBody = z.infer<typeof validateSchema>;
