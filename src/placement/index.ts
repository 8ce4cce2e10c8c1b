// The placement package's public door: what the task and service APIs call.
export { place } from './place.js';
export { EXTERNAL_ATTRIBUTE, indexSnapshot, instanceLaunchType, type SnapshotIndex } from './snapshotIndex.js';
export { parseQuery, MAX_EXPRESSION_LENGTH, type QueryNode, type Comparison, type Subject, type Operator, type Literal } from './query.js';
export { matchesQuery, type QueryTarget } from './evaluate.js';
export { compileRequest, MAX_COUNT, MAX_STRATEGIES, MAX_CONSTRAINTS } from './request.js';
export { PlacementInputError, QueryError } from './errors.js';
export { seededRandom } from './random.js';
export * from './types.js';
