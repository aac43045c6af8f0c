// The pieces of the S3 source that need no server: the settings read from inputs and env, the
// s3:// parser, and the rules for keys from outside (control characters, `.`/`..` segments).
import { describe, expect, it } from 'vitest';
import { parseS3Source, refusedKeyReason } from '../../src/source/s3-location.js';
import { s3Settings } from '../../src/source/s3-source.js';

describe('S3 settings', () => {
  it('takes the region from s3-region, then AWS_REGION, AWS_DEFAULT_REGION, us-east-1, and says which', () => {
    const region = (s3Region: string | null, env: NodeJS.ProcessEnv) => {
      const s = s3Settings({ endpoint: null, region: s3Region, forcePathStyle: false }, env);
      return [s.region, s.regionFrom];
    };
    expect(region('auto', { AWS_REGION: 'x' })).toEqual(['auto', 's3-region']);
    expect(region(null, { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'y' })).toEqual(['eu-north-1', 'AWS_REGION']);
    expect(region(null, { AWS_DEFAULT_REGION: 'ap-south-1' })).toEqual(['ap-south-1', 'AWS_DEFAULT_REGION']);
    expect(region(null, {})).toEqual(['us-east-1', 'the default']);
  });

  it('reads an endpoint with or without its scheme', () => {
    const endpoint = (raw: string) =>
      s3Settings({ endpoint: raw, region: null, forcePathStyle: false }, {}).endpoint?.toString();
    expect(endpoint('acct.r2.cloudflarestorage.com')).toBe('https://acct.r2.cloudflarestorage.com/');
    expect(endpoint('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000/');
  });
});

describe('s3:// sources and keys', () => {
  it('splits s3:// sources into bucket and prefix', () => {
    expect(parseS3Source('s3://bucket/nightly/')).toEqual({ bucket: 'bucket', prefix: 'nightly/' });
    expect(parseS3Source('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Source('s3://bucket/a/file.dump?versionId=1')).toEqual({ bucket: 'bucket', prefix: 'a/file.dump' });
    expect(() => parseS3Source('s3:///x')).toThrow('s3://bucket/prefix/');
  });

  it('refuses a prefix with . or .. segments or control characters', () => {
    expect(() => parseS3Source('s3://bucket/nightly/../other/')).toThrow("has a '.' or '..' segment");
    expect(() => parseS3Source('s3://bucket/./x')).toThrow("has a '.' or '..' segment");
    expect(() => parseS3Source('s3://bucket/a\n::warning::x/')).toThrow('a?::warning::x/');
    expect(parseS3Source('s3://bucket/v1..2/')).toEqual({ bucket: 'bucket', prefix: 'v1..2/' });
  });

  it('refuses keys with . or .. segments, and only those', () => {
    for (const key of ['../other/x.dump', 'a/../../x.dump', 'a/./x.dump', '..', 'a/..']) {
      expect(refusedKeyReason(key)).toContain("'.' or '..' segment");
    }
    for (const key of ['a..b.dump', '.hidden.dump', 'a/...', 'nightly/x.dump'])
      expect(refusedKeyReason(key)).toBeNull();
  });
});
