// The little XML the drill reads from S3: a ListObjectsV2 page (ListBucketResult) and an <Error>.
// S3's answers are flat and regular, so a few element matchers suffice; no XML library.

export interface S3Object {
  key: string;
  lastModified: Date | null;
  size: number | null;
  etag: string | null;
}

export interface ListPage {
  objects: S3Object[];
  isTruncated: boolean;
  nextContinuationToken: string | null;
}

export interface S3ErrorBody {
  code: string;
  message: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, data: string) => data)
    .replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
      if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      return ENTITIES[ref] ?? whole;
    });
}

/** The text of every <name>…</name> (or empty <name/>) directly inside `xml`, in order. */
export function elements(xml: string, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}\\s*>)`, 'g');
  for (const match of xml.matchAll(pattern)) out.push(match[1] ?? '');
  return out;
}

function first(xml: string, name: string): string | null {
  const raw = elements(xml, name)[0];
  return raw === undefined ? null : decodeXmlText(raw.trim());
}

function date(text: string | null): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function parseListBucketResult(xml: string): ListPage {
  if (!/<ListBucketResult[\s>]/.test(xml)) {
    throw new Error('the answer is not a ListBucketResult (is s3-endpoint an S3 endpoint?)');
  }
  const objects = elements(xml, 'Contents').map((block) => {
    const size = first(block, 'Size');
    return {
      key: first(block, 'Key') ?? '',
      lastModified: date(first(block, 'LastModified')),
      size: size !== null && /^\d+$/.test(size) ? Number(size) : null,
      etag: first(block, 'ETag'),
    };
  });
  // Contents hold the only Key elements, so reading flags from the whole document is safe once
  // the Contents blocks are cut out.
  const outside = xml.replace(/<Contents[\s>][\s\S]*?<\/Contents\s*>/g, '');
  return {
    objects: objects.filter((o) => o.key !== ''),
    isTruncated: first(outside, 'IsTruncated') === 'true',
    nextContinuationToken: first(outside, 'NextContinuationToken'),
  };
}

export function parseS3Error(xml: string): S3ErrorBody | null {
  const block = elements(xml, 'Error')[0];
  if (block === undefined) return null;
  const code = first(block, 'Code');
  return code ? { code, message: first(block, 'Message') } : null;
}
