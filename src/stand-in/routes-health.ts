// /api/health/* (no token, never blocked by maintenance) and a few ordinary public routes, so
// "every other /api route answers 503 while maintenance is on" can be observed.
import type { Route } from './app-state.js';
import { uptimeSeconds } from './app-state.js';
import { pingDatabase } from './database.js';
import { isoDate, now, ok } from './http.js';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/health/live',
    handler: async (_ctx, app) =>
      ok({
        status: 'ok',
        service: 'pickdriver-vapor-api',
        version: app.config.version,
        uptimeSeconds: uptimeSeconds(app),
        timestamp: now(),
      }),
  },
  {
    method: 'GET',
    path: '/api/health/ready',
    handler: async (_ctx, app) => {
      try {
        const latencyMs = await pingDatabase(app.primary);
        return ok({
          status: 'ok',
          timestamp: now(),
          checks: [{ name: 'database', status: 'ok', latencyMs, reason: null }],
        });
      } catch {
        return {
          status: 503,
          body: {
            status: 'fail',
            timestamp: now(),
            checks: [{ name: 'database', status: 'fail', latencyMs: null, reason: 'Database health check failed.' }],
          },
        };
      }
    },
  },
];

interface SeasonRow {
  id: number;
  year: number;
  name: string;
  active: boolean;
}

interface RaceRow {
  id: number;
  season_id: number;
  round: number;
  name: string;
  completed: boolean;
  race_time: Date | null;
}

export const publicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/seasons',
    handler: async (_ctx, app) => {
      const result = await app.primary.query<SeasonRow>(
        'SELECT id, year, name, active FROM public.seasons ORDER BY year',
      );
      return ok(result.rows);
    },
  },
  {
    method: 'GET',
    path: '/api/races',
    handler: async (_ctx, app) => {
      const result = await app.primary.query<RaceRow>(
        'SELECT id, season_id, round, name, completed, race_time FROM public.races ORDER BY season_id, round',
      );
      return ok(
        result.rows.map((race) => ({
          id: race.id,
          seasonID: race.season_id,
          round: race.round,
          name: race.name,
          completed: race.completed,
          raceTime: race.race_time ? isoDate(race.race_time) : null,
        })),
      );
    },
  },
];
