// Every condition operator IAM knows, as data: its family and whether it is the negated form.
// `Null` is not here: it tests presence, not values (compile.ts handles it).
import { arnLike } from './arn.js';
import { binaryEquals, bool } from './bool.js';
import { date } from './date.js';
import type { Family } from './family.js';
import { ipAddress } from './ip.js';
import { compares, numeric } from './numeric.js';
import { stringEquals, stringEqualsIgnoreCase, stringLike } from './string.js';

export interface Operator {
  family: Family;
  negated: boolean;
}

const op = (family: Family, negated = false): Operator => ({ family, negated });

const numericEquals = numeric(compares.equals);
const dateEquals = date(compares.equals);

export const operators: Readonly<Record<string, Operator>> = {
  StringEquals: op(stringEquals),
  StringNotEquals: op(stringEquals, true),
  StringEqualsIgnoreCase: op(stringEqualsIgnoreCase),
  StringNotEqualsIgnoreCase: op(stringEqualsIgnoreCase, true),
  StringLike: op(stringLike),
  StringNotLike: op(stringLike, true),
  NumericEquals: op(numericEquals),
  NumericNotEquals: op(numericEquals, true),
  NumericLessThan: op(numeric(compares.lessThan)),
  NumericLessThanEquals: op(numeric(compares.lessThanEquals)),
  NumericGreaterThan: op(numeric(compares.greaterThan)),
  NumericGreaterThanEquals: op(numeric(compares.greaterThanEquals)),
  DateEquals: op(dateEquals),
  DateNotEquals: op(dateEquals, true),
  DateLessThan: op(date(compares.lessThan)),
  DateLessThanEquals: op(date(compares.lessThanEquals)),
  DateGreaterThan: op(date(compares.greaterThan)),
  DateGreaterThanEquals: op(date(compares.greaterThanEquals)),
  Bool: op(bool),
  BinaryEquals: op(binaryEquals),
  IpAddress: op(ipAddress),
  NotIpAddress: op(ipAddress, true),
  ArnEquals: op(arnLike),
  ArnNotEquals: op(arnLike, true),
  ArnLike: op(arnLike),
  ArnNotLike: op(arnLike, true),
};
