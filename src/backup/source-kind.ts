// What kind of place backup-source names. Only local paths, globs and folders are built so far.

export type SourceKind = 'local' | 's3' | 'artifact' | 'https' | 'http';

export function sourceKind(source: string): SourceKind {
  const lower = source.trim().toLowerCase();
  if (lower.startsWith('s3://')) return 's3';
  if (lower.startsWith('artifact:')) return 'artifact';
  if (lower.startsWith('https://')) return 'https';
  if (lower.startsWith('http://')) return 'http';
  return 'local';
}

export const SOURCE_KIND_NAMES: Record<Exclude<SourceKind, 'local'>, string> = {
  s3: 'S3 (s3://)',
  artifact: 'workflow artifact (artifact:)',
  https: 'HTTPS URL (https://)',
  http: 'HTTP URL (http://)',
};
