// The Organizations tests' shared steps, through the Debian AWS CLI.
import assert from 'node:assert/strict';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { eventually } from '../helpers/eventually.js';
import type { TestServer } from '../helpers/server.js';

export interface CreateAccountStatus {
  Id: string;
  AccountName: string;
  State: string;
  AccountId?: string;
  FailureReason?: string;
}

export async function createAccount(server: TestServer, email: string, name: string, extra: string[] = []): Promise<CreateAccountStatus> {
  const out = await awsJson<{ CreateAccountStatus: CreateAccountStatus }>(server,
    ['organizations', 'create-account', '--email', email, '--account-name', name, ...extra]);
  return out.CreateAccountStatus;
}

/** Polls describe-create-account-status, as a script would, until the request is no longer IN_PROGRESS. */
export async function settled(server: TestServer, requestId: string): Promise<CreateAccountStatus> {
  return eventually(`create account ${requestId}`, async () => {
    const out = await awsJson<{ CreateAccountStatus: CreateAccountStatus }>(server,
      ['organizations', 'describe-create-account-status', '--create-account-request-id', requestId]);
    return out.CreateAccountStatus.State === 'IN_PROGRESS' ? undefined : out.CreateAccountStatus;
  }, 10_000, 100);
}

/** create-account, then the poll: the new account's id. */
export async function newAccount(server: TestServer, email: string, name: string, extra: string[] = []): Promise<string> {
  const status = await settled(server, (await createAccount(server, email, name, extra)).Id);
  assert.equal(status.State, 'SUCCEEDED', JSON.stringify(status));
  assert.ok(status.AccountId);
  return status.AccountId;
}

/** Runs the CLI expecting it to fail with `code` (the error code in its message). */
export async function cliError(server: TestServer, args: string[], code: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await awsCli(server, args, env);
  assert.notEqual(r.code, 0, `expected ${code}, but aws ${args.join(' ')} succeeded: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
  return r.stderr;
}
