// The pieces of the S3 source on their own: the SigV4 signer against the signatures AWS documents,
// the ListBucketResult / Error parser, URL styles and the settings read from inputs and env.
import { describe, expect, it } from 'vitest';
import { parseS3Source, s3Settings, s3Url } from '../../src/source/s3-client.js';
import { parseListBucketResult, parseS3Error } from '../../src/source/s3-xml.js';
import { signRequest } from '../../src/source/sigv4.js';

// The example of "Signature Calculations for the Authorization Header" in the Amazon S3 API reference.
const example = {
  region: 'us-east-1',
  now: new Date('2013-05-24T00:00:00Z'),
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    sessionToken: null,
  },
};

describe('SigV4 signer', () => {
  it('reproduces the documented GET Object signature (Range: bytes=0-9)', () => {
    const signed = signRequest({
      ...example,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9' },
    });
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('reproduces the documented GET Bucket (list objects) and GET Bucket lifecycle signatures', () => {
    const list = signRequest({
      ...example,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'),
    });
    expect(list.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
    const lifecycle = signRequest({
      ...example,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'),
    });
    expect(lifecycle.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('signs the session token when there is one', () => {
    const signed = signRequest({
      ...example,
      credentials: { ...example.credentials, sessionToken: 'session-token-value' },
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
    });
    expect(signed.headers['x-amz-security-token']).toBe('session-token-value');
    expect(signed.headers.authorization).toContain(
      'SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,',
    );
  });
});

describe('S3 XML', () => {
  it('reads a ListObjectsV2 page: keys (entities decoded), dates, sizes, continuation', () => {
    const page = parseListBucketResult(`<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>
  <Contents><Key>p/a&amp;b.dump</Key><LastModified>2026-03-01T12:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>42</Size></Contents>
  <Contents><Key>p/c.dump.sha256</Key><LastModified>2026-03-02T12:00:00.000Z</LastModified><Size>80</Size></Contents>
  <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>`);
    expect(page.objects).toEqual([
      { key: 'p/a&b.dump', lastModified: new Date('2026-03-01T12:00:00Z'), size: 42, etag: '"abc"' },
      { key: 'p/c.dump.sha256', lastModified: new Date('2026-03-02T12:00:00Z'), size: 80, etag: null },
    ]);
    expect(page.isTruncated).toBe(true);
    expect(page.nextContinuationToken).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=');
    const last = parseListBucketResult(
      '<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
    );
    expect(last).toEqual({ objects: [], isTruncated: false, nextContinuationToken: null });
  });

  it('refuses an answer that is not a listing, and reads an <Error>', () => {
    expect(() => parseListBucketResult('<html>login</html>')).toThrow('not a ListBucketResult');
    expect(parseS3Error('<Error><Code>NoSuchBucket</Code><Message>gone &lt;here&gt;</Message></Error>')).toEqual({
      code: 'NoSuchBucket',
      message: 'gone <here>',
    });
    expect(parseS3Error('<html/>')).toBeNull();
  });
});

describe('S3 addressing and settings', () => {
  const settings = (endpoint: string | null, forcePathStyle = false) =>
    s3Settings({ endpoint, region: null, forcePathStyle }, { AWS_REGION: 'eu-west-3' });

  it('uses virtual-hosted URLs on AWS and path-style when asked, for IP/localhost endpoints, or dotted buckets', () => {
    expect(s3Url(settings(null), 'backups', 'a b/c+d.dump').toString()).toBe(
      'https://backups.s3.eu-west-3.amazonaws.com/a%20b/c%2Bd.dump',
    );
    expect(s3Url(settings(null, true), 'backups', 'x.dump').toString()).toBe(
      'https://s3.eu-west-3.amazonaws.com/backups/x.dump',
    );
    expect(s3Url(settings(null), 'my.backups', null).toString()).toBe('https://s3.eu-west-3.amazonaws.com/my.backups/');
    expect(s3Url(settings('http://127.0.0.1:9000'), 'b', 'k').toString()).toBe('http://127.0.0.1:9000/b/k');
    expect(s3Url(settings('http://localhost:9000'), 'b', 'k').toString()).toBe('http://localhost:9000/b/k');
    expect(s3Url(settings('acct.r2.cloudflarestorage.com'), 'b', 'k').toString()).toBe(
      'https://b.acct.r2.cloudflarestorage.com/k',
    );
  });

  it('takes the region from s3-region, then AWS_REGION, AWS_DEFAULT_REGION, us-east-1', () => {
    const region = (s3Region: string | null, env: NodeJS.ProcessEnv) =>
      s3Settings({ endpoint: null, region: s3Region, forcePathStyle: false }, env).region;
    expect(region('auto', { AWS_REGION: 'x' })).toBe('auto');
    expect(region(null, { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'y' })).toBe('eu-north-1');
    expect(region(null, { AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('ap-south-1');
    expect(region(null, {})).toBe('us-east-1');
    expect(s3Settings({ endpoint: null, region: null, forcePathStyle: false }, {}).credentials).toBeNull();
  });

  it('splits s3:// sources into bucket and prefix', () => {
    expect(parseS3Source('s3://bucket/nightly/')).toEqual({ bucket: 'bucket', prefix: 'nightly/' });
    expect(parseS3Source('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Source('s3://bucket/a/file.dump?versionId=1')).toEqual({ bucket: 'bucket', prefix: 'a/file.dump' });
    expect(() => parseS3Source('s3:///x')).toThrow('s3://bucket/prefix/');
  });
});
