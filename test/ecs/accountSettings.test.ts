import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteAccountSettingCommand,
  ECSClient,
  ListAccountSettingsCommand,
  paginateListAccountSettings,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
  type Setting,
  type SettingName,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = 'arn:aws:iam::000000000000:root';
const user = (name: string) => `arn:aws:iam::000000000000:user/${name}`;
const INVALID_NAME = { name: 'InvalidParameterException', message: "Invalid setting 'name'" };
const INVALID_VALUE = { name: 'InvalidParameterException', message: "Invalid setting 'value'" };

/** Every setting with the values ECS accepts and its built-in default. */
const CATALOG: Record<string, { values: string[]; builtIn: string }> = {
  awsvpcTrunking: { values: ['enabled', 'disabled'], builtIn: 'disabled' },
  containerInsights: { values: ['enhanced', 'enabled', 'disabled'], builtIn: 'disabled' },
  containerInstanceLongArnFormat: { values: ['enabled', 'disabled'], builtIn: 'enabled' },
  defaultLogDriverMode: { values: ['blocking', 'non-blocking'], builtIn: 'non-blocking' },
  dualStackIPv6: { values: ['enabled', 'disabled'], builtIn: 'disabled' },
  fargateEventWindows: { values: ['enabled', 'disabled'], builtIn: 'disabled' },
  fargateFIPSMode: { values: ['enabled', 'disabled'], builtIn: 'disabled' },
  fargateTaskRetirementWaitPeriod: { values: ['0', '7', '14'], builtIn: '7' },
  guardDutyActivate: { values: [], builtIn: 'off' },
  serviceLongArnFormat: { values: ['enabled', 'disabled'], builtIn: 'enabled' },
  tagResourceAuthorization: { values: ['on', 'off'], builtIn: 'on' },
  taskLongArnFormat: { values: ['enabled', 'disabled'], builtIn: 'enabled' },
};
const NAMES = Object.keys(CATALOG).sort();

describe('ECS account settings', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const put = (name: string, value: string, principalArn?: string) =>
    ecs.send(new PutAccountSettingCommand({ name: name as SettingName, value, principalArn }));
  const putDefault = (name: string, value: string) =>
    ecs.send(new PutAccountSettingDefaultCommand({ name: name as SettingName, value }));
  const effective = async (principalArn: string): Promise<Map<string, Setting>> => {
    const out = await ecs.send(new ListAccountSettingsCommand({ principalArn, effectiveSettings: true, maxResults: 10 }));
    const rest = out.nextToken
      ? await ecs.send(new ListAccountSettingsCommand({ principalArn, effectiveSettings: true, nextToken: out.nextToken }))
      : { settings: [] };
    return new Map([...(out.settings ?? []), ...(rest.settings ?? [])].map((s) => [s.name ?? '', s]));
  };

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
  });
  after(async () => server.stop());

  describe('PutAccountSetting', () => {
    it('sets a setting for the caller when no principal is named', async () => {
      const { setting } = await put('serviceLongArnFormat', 'disabled');
      assert.deepEqual(setting, { name: 'serviceLongArnFormat', value: 'disabled', principalArn: ROOT, type: 'user' });
      await ecs.send(new DeleteAccountSettingCommand({ name: 'serviceLongArnFormat' }));
    });

    it('sets a setting for the principal named', async () => {
      const { setting } = await put('containerInstanceLongArnFormat', 'disabled', user('alice'));
      assert.deepEqual(setting, { name: 'containerInstanceLongArnFormat', value: 'disabled', principalArn: user('alice'), type: 'user' });
      const out = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('alice') }));
      assert.deepEqual(out.settings, [setting]);
    });

    it('accepts every value ECS documents for every setting', async () => {
      for (const name of NAMES) {
        for (const value of CATALOG[name]?.values ?? []) {
          const principalArn = name === 'fargateTaskRetirementWaitPeriod' ? ROOT : user('everything');
          const { setting } = await put(name, value, principalArn);
          assert.equal(setting?.value, value, `${name}=${value}`);
        }
        if (name !== 'guardDutyActivate') {
          await ecs.send(new DeleteAccountSettingCommand({ name: name as SettingName, principalArn: user('everything') }));
        }
      }
      await ecs.send(new DeleteAccountSettingCommand({ name: 'fargateTaskRetirementWaitPeriod', principalArn: ROOT }));
    });

    it('rejects an unknown name and a value the setting does not take', async () => {
      await expectAwsError(put('bogusSetting', 'enabled'), INVALID_NAME);
      await expectAwsError(put('taskLongArnFormat', 'ENABLED'), INVALID_VALUE);
      await expectAwsError(put('containerInsights', 'on'), INVALID_VALUE);
      await expectAwsError(put('tagResourceAuthorization', 'enabled'), INVALID_VALUE);
      await expectAwsError(put('fargateTaskRetirementWaitPeriod', '3'), INVALID_VALUE);
      await expectAwsError(put('defaultLogDriverMode', 'nonblocking'), INVALID_VALUE);
    });

    it('only lets the root user set fargateTaskRetirementWaitPeriod', async () => {
      await expectAwsError(put('fargateTaskRetirementWaitPeriod', '14', user('bob')), {
        name: 'InvalidParameterException', message: 'The fargateTaskRetirementWaitPeriod account setting can only be set for the root user.',
      });
    });

    it('refuses guardDutyActivate, which AWS manages', async () => {
      const expected = { name: 'InvalidParameterException', message: 'The guardDutyActivate account setting is managed by AWS and is read-only.' };
      await expectAwsError(put('guardDutyActivate', 'on'), expected);
      await expectAwsError(putDefault('guardDutyActivate', 'on'), expected);
      await expectAwsError(ecs.send(new DeleteAccountSettingCommand({ name: 'guardDutyActivate' })), expected);
    });

    it('rejects a principal that is not an IAM user, role or root of this account', async () => {
      await expectAwsError(put('awsvpcTrunking', 'enabled', 'arn:aws:ecs:us-east-1:000000000000:cluster/x'), {
        name: 'InvalidParameterException', message: 'The principalArn must be the ARN of an IAM user, an IAM role or the root user.',
      });
      await expectAwsError(put('awsvpcTrunking', 'enabled', 'arn:aws:iam::111111111111:user/eve'), {
        name: 'InvalidParameterException', message: 'The principalArn must belong to this account.',
      });
    });
  });

  describe('PutAccountSettingDefault and effective settings', () => {
    it('sets the account default, answered with the root ARN', async () => {
      const { setting } = await putDefault('awsvpcTrunking', 'enabled');
      assert.deepEqual(setting, { name: 'awsvpcTrunking', value: 'enabled', principalArn: ROOT, type: 'user' });
    });

    it('gives every setting its effective value: own, else account default, else ECS\'s', async () => {
      await putDefault('dualStackIPv6', 'enabled');
      await put('dualStackIPv6', 'disabled', user('carol'));
      await put('containerInsights', 'enhanced', user('carol'));
      const settings = await effective(user('carol'));
      assert.deepEqual([...settings.keys()], NAMES);
      for (const s of settings.values()) assert.equal(s.principalArn, user('carol'));
      assert.equal(settings.get('dualStackIPv6')?.value, 'disabled', 'own value wins');
      assert.equal(settings.get('containerInsights')?.value, 'enhanced', 'own value');
      assert.equal(settings.get('awsvpcTrunking')?.value, 'enabled', 'account default');
      for (const name of ['defaultLogDriverMode', 'fargateTaskRetirementWaitPeriod', 'tagResourceAuthorization', 'taskLongArnFormat', 'guardDutyActivate']) {
        assert.equal(settings.get(name)?.value, CATALOG[name]?.builtIn, `${name} built-in`);
      }
      assert.equal(settings.get('guardDutyActivate')?.type, 'aws_managed');
      assert.equal(settings.get('taskLongArnFormat')?.type, 'user');
    });

    it('without effectiveSettings lists only what the principal set itself', async () => {
      const out = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('carol') }));
      assert.deepEqual(out.settings?.map((s) => [s.name, s.value]), [['containerInsights', 'enhanced'], ['dualStackIPv6', 'disabled']]);
      const none = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('nobody') }));
      assert.deepEqual(none.settings, []);
    });

    it('filters by name, and by name and value', async () => {
      const byName = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('carol'), name: 'dualStackIPv6' as SettingName, effectiveSettings: true }));
      assert.deepEqual(byName.settings, [{ name: 'dualStackIPv6', value: 'disabled', principalArn: user('carol'), type: 'user' }]);
      const hit = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('carol'), name: 'containerInsights', value: 'enhanced' }));
      assert.equal(hit.settings?.length, 1);
      const miss = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('carol'), name: 'containerInsights', value: 'enabled' }));
      assert.deepEqual(miss.settings, []);
    });

    it('the caller\'s own list (root) is the account defaults', async () => {
      const out = await ecs.send(new ListAccountSettingsCommand({}));
      assert.deepEqual(out.settings?.map((s) => [s.name, s.value, s.principalArn]), [
        ['awsvpcTrunking', 'enabled', ROOT],
        ['dualStackIPv6', 'enabled', ROOT],
      ]);
    });

    it('rejects a value filter without a name, an unknown name and maxResults outside 1..10', async () => {
      await expectAwsError(ecs.send(new ListAccountSettingsCommand({ value: 'enabled' })), {
        name: 'InvalidParameterException', message: 'A setting name must be specified to filter account settings by value.',
      });
      await expectAwsError(ecs.send(new ListAccountSettingsCommand({ name: 'nope' as SettingName })), INVALID_NAME);
      for (const maxResults of [0, 11]) {
        await expectAwsError(ecs.send(new ListAccountSettingsCommand({ maxResults })), {
          name: 'InvalidParameterException', message: 'maxResults must be between 1 and 10.',
        });
      }
    });

    it('pages effective settings through paginateListAccountSettings', async () => {
      const pages: Setting[][] = [];
      const pager = paginateListAccountSettings({ client: ecs, pageSize: 5 }, { principalArn: user('dave'), effectiveSettings: true });
      for await (const page of pager) pages.push(page.settings ?? []);
      assert.deepEqual(pages.map((p) => p.length), [5, 5, 2]);
      assert.deepEqual(pages.flat().map((s) => s.name), NAMES);
    });

    it('pages a principal\'s own settings', async () => {
      const own = NAMES.filter((n) => n !== 'guardDutyActivate' && n !== 'fargateTaskRetirementWaitPeriod');
      for (const name of own) await put(name, CATALOG[name]?.values[0] ?? '', user('erin'));
      const first = await ecs.send(new ListAccountSettingsCommand({ principalArn: user('erin') }));
      assert.deepEqual(first.settings?.map((s) => s.name), own, 'a page holds 10 by default');
      assert.equal(first.nextToken, undefined);
      const pages: string[][] = [];
      for await (const page of paginateListAccountSettings({ client: ecs, pageSize: 3 }, { principalArn: user('erin') })) {
        pages.push((page.settings ?? []).map((s) => s.name ?? ''));
      }
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 3, 1]);
      assert.deepEqual(pages.flat(), own);
    });
  });

  describe('DeleteAccountSetting', () => {
    it('removes the principal\'s value, answers it, and the effective value falls back', async () => {
      await putDefault('fargateFIPSMode', 'enabled');
      await put('fargateFIPSMode', 'disabled', user('frank'));
      const { setting } = await ecs.send(new DeleteAccountSettingCommand({ name: 'fargateFIPSMode', principalArn: user('frank') }));
      assert.deepEqual(setting, { name: 'fargateFIPSMode', value: 'disabled', principalArn: user('frank'), type: 'user' });
      assert.equal((await effective(user('frank'))).get('fargateFIPSMode')?.value, 'enabled');

      await ecs.send(new DeleteAccountSettingCommand({ name: 'fargateFIPSMode', principalArn: ROOT }));
      assert.equal((await effective(user('frank'))).get('fargateFIPSMode')?.value, 'disabled');
    });

    it('answers the value in force when the principal had none of its own', async () => {
      const { setting } = await ecs.send(new DeleteAccountSettingCommand({ name: 'tagResourceAuthorization', principalArn: user('gina') }));
      assert.deepEqual(setting, { name: 'tagResourceAuthorization', value: 'on', principalArn: user('gina'), type: 'user' });
    });

    it('rejects an unknown name', async () => {
      await expectAwsError(ecs.send(new DeleteAccountSettingCommand({ name: 'nope' as SettingName })), INVALID_NAME);
    });
  });
});
