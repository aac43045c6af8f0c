// Every secret the drill touches is registered here before its first use: with the runner
// (so it masks it in the log) and with the redactor that cleans anything we write ourselves
// (report files, summaries, error messages from tools that echo connection strings).

export class SecretRegistry {
  private readonly values = new Set<string>();

  constructor(private readonly onAdd: (value: string) => void = () => {}) {}

  add(value: string | null | undefined): void {
    if (!value || value.length < 3 || this.values.has(value)) return;
    this.values.add(value);
    this.onAdd(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) {
      this.values.add(encoded);
      this.onAdd(encoded);
    }
  }

  /**
   * A password, unless it is no secret: a well-known default (`postgres`, `password`, …) or the
   * user name itself. Registering those would mask every "postgres" in the log (`***ql://***:***@…`)
   * and hide nothing anyone could not guess; URLs are printed with the password replaced instead.
   */
  addPassword(password: string | null | undefined, user?: string | null): void {
    if (!password || isGuessablePassword(password, user)) return;
    this.add(password);
  }

  /**
   * Registers the password of a connection URL, and the URL whole, so a tool that echoes the URL
   * has it masked as one piece (`***`) rather than in fragments.
   */
  addUrl(url: string | null | undefined): void {
    if (!url) return;
    try {
      const parsed = new URL(url);
      if (parsed.password) {
        this.add(url);
        this.addPassword(decodeURIComponent(parsed.password), decodeURIComponent(parsed.username));
      }
      // Presigned URLs carry their signature in the query string.
      for (const [key, value] of parsed.searchParams) {
        if (/signature|credential|token|key/i.test(key)) this.add(value);
      }
    } catch {
      // Not a URL: nothing to register.
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      out = out.split(value).join('***');
    }
    return out;
  }
}

/** Passwords every guide and image default uses: no secret, and masking them hides common words. */
const WELL_KNOWN_PASSWORDS = new Set([
  'postgres',
  'postgresql',
  'password',
  'passwd',
  'pass',
  'secret',
  'admin',
  'root',
  'changeme',
  'example',
  'test',
  'letmein',
  '123456',
  '12345678',
]);

/** A password that protects nothing: a well-known default or the user name itself. */
export function isGuessablePassword(password: string, user?: string | null): boolean {
  const p = password.toLowerCase();
  return WELL_KNOWN_PASSWORDS.has(p) || (!!user && p === user.toLowerCase());
}

/** A connection URL without its password, for logs and the report. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/signature|credential|token|key|password/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * backup-decryption-key is a secret as a whole and line by line: an armored private key is
 * masked on every line, so no single line of it can reach a log either.
 */
export function addDecryptionKey(secrets: SecretRegistry, key: string | null | undefined): void {
  if (!key) return;
  secrets.add(key.trim());
  for (const line of key.split(/\r?\n/)) {
    const t = line.trim();
    // Armor headers and blank lines are the same in every key: masking them would only hide words.
    if (t.length >= 8 && !t.startsWith('-----')) secrets.add(t);
  }
  // The passphrase after an armored private key is masked whatever its length.
  const end = key.lastIndexOf('-----END PGP PRIVATE KEY BLOCK-----');
  if (end >= 0) {
    const passphrase = key.slice(end + '-----END PGP PRIVATE KEY BLOCK-----'.length).trim();
    if (passphrase !== '') secrets.add(passphrase);
  }
}
