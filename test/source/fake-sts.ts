// A local STS endpoint for web identity: answers AssumeRoleWithWebIdentity (the call the SDK's
// credential chain makes with AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, as GitHub's OIDC role
// set up by aws-actions/configure-aws-credentials or EKS/IRSA does) with temporary credentials,
// only for the expected token and role; anything else gets STS's own error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export class FakeSts {
  readonly calls: URLSearchParams[] = [];
  url = '';
  private server: Server | null = null;

  constructor(
    readonly expected: { token: string; roleArn: string },
    readonly issued: TemporaryCredentials,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        this.calls.push(form);
        const reply = (status: number, xml: string) => {
          res.writeHead(status, { 'content-type': 'text/xml' });
          res.end(xml);
        };
        if (form.get('Action') !== 'AssumeRoleWithWebIdentity') {
          return reply(400, stsError('InvalidAction', `unexpected action ${form.get('Action')}`));
        }
        if (form.get('WebIdentityToken') !== this.expected.token || form.get('RoleArn') !== this.expected.roleArn) {
          return reply(403, stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'));
        }
        const expiration = new Date(Date.now() + 3_600_000).toISOString();
        reply(
          200,
          `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>repo:pickdriver/api:ref:refs/heads/main</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/backup-drill/${form.get('RoleSessionName') ?? 'session'}</Arn>
      <AssumedRoleId>AROAFAKEROLEID:${form.get('RoleSessionName') ?? 'session'}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${this.issued.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${this.issued.secretAccessKey}</SecretAccessKey>
      <SessionToken>${this.issued.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <Provider>token.actions.githubusercontent.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>fake-sts-request</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

function stsError(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-sts-error</RequestId></ErrorResponse>`;
}
