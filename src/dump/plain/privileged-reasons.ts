// Why a role without superuser cannot restore an object of these kinds (pg_dump's TOC names for
// them): the drill leaves them out and says this. Shared by the archive plan
// (restore/privileged-entries.ts) and the plain-dump rules (privileged.ts).
const SUPERUSER = 'only a superuser may create';

export const BY_KIND: Record<string, string> = {
  'EVENT TRIGGER': `${SUPERUSER} event triggers, and its function would run with the rights of whoever changes the schema next`,
  SUBSCRIPTION: `${SUPERUSER} subscriptions, and one would connect to another server`,
  'SUBSCRIPTION TABLE': `${SUPERUSER} subscriptions, and one would connect to another server`,
  'PUBLICATION TABLES IN SCHEMA': `${SUPERUSER} a publication of all tables of a schema`,
  'PROCEDURAL LANGUAGE': `${SUPERUSER} a language no extension provides (its handler is code in the server's process)`,
  'FOREIGN DATA WRAPPER': `${SUPERUSER} a foreign-data wrapper no extension provides`,
  'USER MAPPING':
    'user mappings name roles of the source server and hold its credentials for another server: the drill restores none',
  'OPERATOR CLASS': `${SUPERUSER} operator classes`,
  'OPERATOR FAMILY': `${SUPERUSER} operator families`,
  'ACCESS METHOD': `${SUPERUSER} access methods`,
  'TEXT SEARCH PARSER': `${SUPERUSER} text search parsers`,
  'TEXT SEARCH TEMPLATE': `${SUPERUSER} text search templates`,
  'SECURITY LABEL':
    'security labels need a label provider loaded into the server (such as sepgsql), which a drill server does not have',
};

export const ALL_TABLES = `${SUPERUSER} a publication FOR ALL TABLES`;
export const BINARY_CAST = `${SUPERUSER} a binary-coercible cast (WITHOUT FUNCTION)`;
export const CAST_TYPES =
  "the drill role owns neither of its types (only a type's owner may create a cast, and these types are not the backup's)";
export const cLanguage = (language: string) =>
  `${SUPERUSER} a function in language ${language} (code in the server's process)`;
export const missingRoles = (roles: string[]) =>
  `names roles this server does not have: ${roles.join(', ')} (roles belong to the whole server; the drill creates none)`;
export const wrapperLeftOut = (wrapper: string) => `its foreign-data wrapper ${wrapper} is left out`;
export const serverLeftOut = (server: string) => `its server ${server} is left out`;

/** A type as `schema.name` with the parts unquoted: a key for the types a backup restores. */
export type TypeKey = string;
export const typeKey = (schema: string, name: string): TypeKey => `${schema}\u0000${name}`;
