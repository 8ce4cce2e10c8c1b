// CloudWatch Logs over AWS JSON 1.1: the dispatch table of every operation, by family.
import type { JsonService } from '../../protocol/operation.js';
import { filterEventsOperations } from './filterEvents.js';
import { getEventsOperations } from './getEvents.js';
import { groupsOperations } from './groups.js';
import { logsPermissions } from './permissions.js';
import { putEventsOperations } from './putEvents.js';
import { streamsOperations } from './streams.js';
import { tagsOperations } from './tags.js';

export const logs: JsonService = {
  targetPrefix: 'Logs_20140328',
  signingName: 'logs',
  operations: {
    ...groupsOperations,
    ...streamsOperations,
    ...putEventsOperations,
    ...getEventsOperations,
    ...filterEventsOperations,
    ...tagsOperations,
  },
  // A full batch is 1 MiB of messages, which JSON escaping and 10,000 events' framing can grow
  // well past the front door's default; the 1 MiB rule itself is PutLogEvents' to answer.
  bodyLimits: { PutLogEvents: 8 * 1024 * 1024 },
  permissions: logsPermissions,
};
