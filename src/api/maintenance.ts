// Maintenance mode around the restore. Called from the main step and from the post step, so it
// never throws: every problem becomes { ok: false, message }.
import type { DrillContext } from '../model/context.js';
import { PickDriverClient } from './client.js';
import { createHttp } from './http.js';
import { maintenanceSchema } from './schemas.js';
import { ACTION_SOURCE } from './validate-check.js';

interface MaintenanceResult {
  ok: boolean;
  message: string;
  /** Whether the call changed the mode; null when the call failed. */
  changed: boolean | null;
}

export async function setMaintenance(ctx: DrillContext, on: boolean, reason: string): Promise<MaintenanceResult> {
  const verb = on ? 'enable' : 'disable';
  const apiUrl = ctx.config.apiUrl;
  if (apiUrl === null)
    return { ok: false, message: `cannot ${verb} maintenance mode: api-url is empty`, changed: null };
  const http = createHttp();
  try {
    const client = new PickDriverClient(ctx, http, apiUrl);
    const result = await client.post(
      `/api/internal/system/maintenance/${verb}`,
      { source: ACTION_SOURCE, reason },
      maintenanceSchema,
      { token: true },
    );
    if (!result.ok) {
      return { ok: false, message: `could not ${verb} maintenance mode: ${result.problem}`, changed: null };
    }
    const body = result.data;
    if (body.maintenanceMode !== on) {
      const message = `asked to ${verb} maintenance mode, but the API reports maintenanceMode=${body.maintenanceMode}`;
      return { ok: false, message, changed: body.changed };
    }
    const audit = body.auditLogged ? '' : ' (the API could not write its audit row)';
    const what = body.changed
      ? `maintenance mode ${on ? 'enabled' : 'disabled'}`
      : `maintenance mode was already ${on ? 'on' : 'off'}`;
    return { ok: true, message: `${what} (${body.eventType})${audit}`, changed: body.changed };
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return { ok: false, message: `could not ${verb} maintenance mode: ${message}`, changed: null };
  } finally {
    await http.close().catch(() => {});
  }
}
