// The tables PickDriver cannot work without, in the API contract's order.
export const CRITICAL_TABLES: readonly string[] = [
  'users',
  'seasons',
  'f1_teams',
  'drivers',
  'races',
  'leagues',
  'league_members',
  'league_teams',
  'team_members',
  'race_drafts',
  'player_picks',
  'player_bans',
  'push_tokens',
  'push_notifications',
  'ops_audit_events',
];
