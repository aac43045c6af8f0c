// Where a redirect of a backup URL may lead. A server that answers `302 Location:
// http://169.254.169.254/…` (the cloud metadata service) or a loopback or private address would
// make the runner fetch what only the runner can reach. A redirect may go to such an address only
// when the URL the user wrote was already on one of the same kind. Literal addresses are judged
// when the Location header is read; names when they are resolved, in the connection's own lookup,
// so a name that resolves to a forbidden address (or changes its answer between two lookups) is
// refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { type AddressClass, addressClass, canonicalHost } from '../util/addresses.js';

/** Kinds of address a redirect reaches only when the original URL was on one of them. */
const GUARDED: readonly AddressClass[] = ['loopback', 'link-local', 'private', 'unspecified'];

const lookupAll = promisify(dnsLookup);

class RedirectRefusedError extends Error {
  readonly code = 'PDV_REDIRECT_REFUSED';
  /** `resolved`: the address came from resolving the name in `to` (not written in it). */
  constructor(to: string, address: string, kind: AddressClass, resolved = true) {
    super(
      `refusing the redirect to ${to}: ${resolved ? `it resolves to ${address},` : `it is ${address},`} a ${kind} address and the backup URL is not on one`,
    );
    this.name = 'RedirectRefusedError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class RedirectGuard {
  /** Names reached by a redirect, with the kinds of address the original URL was on. */
  private readonly rules = new Map<string, Set<AddressClass>>();

  /** The kinds of address the original URL is on (a literal, or what its name resolves to). */
  async start(url: URL): Promise<Set<AddressClass>> {
    const host = canonicalHost(url.hostname);
    const literal = addressClass(host);
    if (literal !== null) return new Set([literal]);
    const found = await lookupAll(host, { all: true }).catch(() => [] as LookupAddress[]);
    return new Set(found.map((a) => addressClass(a.address) ?? 'public'));
  }

  /** Throws when `url` (a redirect target) is a guarded address of a kind the original was not on. */
  async allow(url: URL, origin: Set<AddressClass>): Promise<void> {
    const host = canonicalHost(url.hostname);
    const shown = `${url.protocol}//${url.host}`;
    const kind = addressClass(host);
    if (kind !== null) {
      if (GUARDED.includes(kind) && !origin.has(kind)) throw new RedirectRefusedError(shown, host, kind, false);
      return;
    }
    this.rules.set(host, origin);
    // Resolved once now for a clear message; the connection's lookup judges its own answer again.
    const found = await lookupAll(host, { all: true }).catch(() => [] as LookupAddress[]);
    const bad = found.find((a) => this.refused(a.address, origin));
    if (bad) throw new RedirectRefusedError(shown, bad.address, addressClass(bad.address) ?? 'public');
  }

  private refused(address: string, origin: Set<AddressClass>): boolean {
    const kind = addressClass(address) ?? 'public';
    return GUARDED.includes(kind) && !origin.has(kind);
  }

  /** The connections' DNS lookup: a name a redirect led to connects only to addresses it may. */
  readonly lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, []);
      const rule = this.rules.get(canonicalHost(hostname));
      const allowed = rule ? found.filter((a) => !this.refused(a.address, rule)) : found;
      const first = allowed[0];
      if (!first) {
        const bad = found[0] as LookupAddress;
        const kind = addressClass(bad.address) ?? 'public';
        return callback(new RedirectRefusedError(hostname, bad.address, kind), []);
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}
