// GetAccessKeyInfo and DecodeAuthorizationMessage.
import { findAccessKey } from '../../identity/accessKeys.js';
import { decodeAuthorizationMessage as decode } from '../../identity/sts/authorizationMessage.js';
import { accountOfAccessKeyId } from '../../identity/sts/credentials.js';
import { findSession } from '../../identity/sts/sessions.js';
import { InvalidAuthorizationMessageException, InvalidParameterValue } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { decodeAuthorizationMessageInput, getAccessKeyInfoInput } from './schema.js';

/** The account of a key Wharf keeps, else the one an AWS-style id encodes (as AWS answers from the id alone). */
export const getAccessKeyInfo = operation(getAccessKeyInfoInput, async (ctx, input) => {
  const id = input.AccessKeyId;
  const account = (await findSession(ctx.store, id))?.principal.accountId
    ?? (await findAccessKey(ctx.store, id))?.principal.accountId
    ?? accountOfAccessKeyId(id);
  if (!account) throw new InvalidParameterValue(`The access key ID ${id} is not valid.`);
  return { Account: account };
});

/** Only messages this Wharf sealed decode; anything else is refused as AWS refuses a foreign one. */
export const decodeAuthorizationMessage = operation(decodeAuthorizationMessageInput, async (ctx, input) => {
  const decoded = await decode(ctx.store, input.EncodedMessage);
  if (decoded === undefined) throw new InvalidAuthorizationMessageException('The encoded message is not valid.');
  return { DecodedMessage: decoded };
});
