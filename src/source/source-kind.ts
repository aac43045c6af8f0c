// What kind of place backup-source names: a local path, glob or folder, or one of the remote kinds.

type SourceKind = 'local' | 's3' | 'artifact' | 'https' | 'http';

export function sourceKind(source: string): SourceKind {
  const lower = source.trim().toLowerCase();
  if (lower.startsWith('s3://')) return 's3';
  if (lower.startsWith('artifact:')) return 'artifact';
  if (lower.startsWith('https://')) return 'https';
  if (lower.startsWith('http://')) return 'http';
  return 'local';
}
