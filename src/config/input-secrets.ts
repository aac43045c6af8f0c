// Registers the secrets among raw inputs before they are validated, so that even a message
// about a bad value can never carry one. Which inputs are secrets, and how, is the `secret`
// field of their table (INPUTS, or MERGE_INPUTS, which takes it from INPUTS): nothing here
// names an input.
import { addDecryptionKey, type SecretRegistry } from '../util/secrets.js';
import type { InputSpec } from './input-spec.js';
import { INPUTS } from './inputs.js';

/** A webhook or heartbeat URL is a credential whole (its path is the key): masked whole, and its path too. */
function addCredentialUrl(secrets: SecretRegistry, value: string): void {
  secrets.add(value);
  const bare = value.replace(/^(slack|teams|json):(?!\/\/)/i, '').trim();
  secrets.add(bare);
  try {
    const url = new URL(bare);
    secrets.add(url.toString());
    if (url.pathname.length > 8) secrets.add(url.pathname + url.search);
  } catch {
    // Not a URL: the config refuses it without showing it.
  }
}

/** A URL that may carry a password or a presigned signature: those parts are secrets. */
function addUrlCredentials(secrets: SecretRegistry, value: string): void {
  secrets.addUrl(value);
  // A URL that does not parse cannot be taken apart: where its password is, nobody can say,
  // so the whole value is a secret (masked in the log, the report and the summary).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !URL.canParse(value)) secrets.add(value);
  // A URL too broken for URL() may still carry user:password@.
  const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@:]*):([^/@]*)@/i.exec(value);
  if (userInfo?.[2]) secrets.addPassword(userInfo[2], userInfo[1]);
}

export function registerInputSecrets(
  raw: Record<string, string | undefined>,
  secrets: SecretRegistry,
  specs: readonly InputSpec[] = INPUTS,
): void {
  for (const spec of specs) {
    const given = raw[spec.name];
    if (spec.secret === undefined || given === undefined) continue;
    const value = given.trim();
    if (value === '') continue;
    switch (spec.secret) {
      case 'value':
        secrets.add(value);
        break;
      case 'lines':
        for (const line of given.split(/\r?\n/)) secrets.add(line.trim());
        break;
      case 'key':
        addDecryptionKey(secrets, given);
        break;
      case 'url':
        addCredentialUrl(secrets, value);
        break;
      case 'url-credentials':
        addUrlCredentials(secrets, value);
        break;
    }
  }
}
