// Pure: the cluster label holds the cluster name as ECS's agent writes it; adoption from labels
// alone (state file lost) reads both that and the ARN older Wharf agents wrote.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopt } from '../../src/agent/engine/adopt.js';
import { LABELS, clusterArnFromLabel, clusterLabel } from '../../src/agent/runtime/labels.js';
import type { RuntimeContainer } from '../../src/agent/runtime/types.js';

const TASK = 'arn:aws:ecs:us-east-1:000000000000:task/web/0123456789abcdef0123456789abcdef';
const CLUSTER = 'arn:aws:ecs:us-east-1:000000000000:cluster/web';

function container(cluster: string): RuntimeContainer {
  return {
    id: 'c1', name: 'ecs-app-1-main', status: 'running', running: true, oomKilled: false, ports: [], networks: {}, imageId: 'sha256:1',
    labels: { [LABELS.taskArn]: TASK, [LABELS.containerName]: 'main', [LABELS.cluster]: cluster, [LABELS.family]: 'app', [LABELS.version]: '1' },
  };
}

describe('the cluster label', () => {
  it('holds the cluster name', () => {
    assert.equal(clusterLabel(CLUSTER), 'web');
    assert.equal(clusterLabel('arn:aws-cn:ecs:cn-north-1:000000000000:cluster/a-b_c'), 'a-b_c');
    assert.equal(clusterLabel('web'), 'web');
  });

  it('gives the cluster ARN back from a name or from an ARN', () => {
    assert.equal(clusterArnFromLabel('web', TASK), CLUSTER);
    assert.equal(clusterArnFromLabel(CLUSTER, TASK), CLUSTER);
    assert.equal(clusterArnFromLabel(undefined, TASK), '');
  });

  it('adoption from labels alone accepts both, as this agent and older ones wrote them', () => {
    for (const label of ['web', CLUSTER]) {
      const [adopted] = adopt({}, [container(label)], 0);
      assert.equal(adopted?.record.spec.clusterArn, CLUSTER, label);
      assert.equal(adopted?.record.spec.taskArn, TASK);
      assert.equal(adopted?.observed.get('main')?.id, 'c1');
    }
  });
});
