// AWS Query: form-encoded parameters with Action and Version; the service is the one named by the
// SigV4 credential scope. Answers and errors are XML.
import { createPolicySource } from '../identity/authorize/index.js';
import type { Services } from './context.js';
import {
  AccessDenied,
  IncompleteSignature,
  InternalFailure,
  InvalidAction,
  InvalidClientTokenId,
  InvalidParameterValue,
  MissingAuthenticationToken,
  MissingParameter,
  SignatureDoesNotMatch,
  WireError,
} from './errors.js';
import { authenticate, type ProblemErrors } from './auth.js';
import { asWireError } from './awsJson.js';
import { permit, validate, type QueryService } from './operation.js';
import type { ApiRequest, Reply } from './reply.js';
import { parseQuery } from './sigv4.js';
import { escapeXml, toXml, type XmlValue } from './xml.js';

const AUTH_ERRORS: ProblemErrors = {
  missing: MissingAuthenticationToken,
  incomplete: IncompleteSignature,
  unknownKey: InvalidClientTokenId,
  badSignature: SignatureDoesNotMatch,
  expired: SignatureDoesNotMatch,
};

export function queryDispatcher(services: Services, catalog: readonly QueryService[]) {
  const bySigningName = new Map(catalog.map((s) => [s.signingName, s]));
  const source = createPolicySource({ store: services.store });

  return async function handleQuery(req: ApiRequest): Promise<Reply> {
    const [, urlQuery = ''] = req.url.split('?', 2);
    const params = Object.fromEntries([...parseQuery(urlQuery), ...parseQuery(req.body.toString('utf8'))]);
    const action = params.Action ?? '';
    let service: QueryService | undefined;
    try {
      const auth = await authenticate(req, services, AUTH_ERRORS);
      service = bySigningName.get(auth.service);
      if (!action) throw new MissingParameter('The request must contain the parameter Action.');
      const op = service && Object.hasOwn(service.operations, action) ? service.operations[action] : undefined;
      if (!service || !op) throw new InvalidAction(`Could not find operation ${action} for version ${params.Version ?? ''}`);
      const input = service.validateInput
        ? service.validateInput(op.input, params)
        : validate(op.input, params, { type: InvalidParameterValue, value: InvalidParameterValue });
      await permit({
        permissions: service.permissions, callerAccount: service.callerAccount === true, operation: action, input, principal: auth.principal, services, source, req, region: auth.region,
        errors: { denied: AccessDenied, internal: InternalFailure },
      });
      const result = (await op.handler({ ...services, principal: auth.principal, requestId: req.requestId, log: req.log }, input)) as XmlValue;
      const ns = service.xmlNamespace;
      const body = `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result)}</${action}Result>` +
        `<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></${action}Response>`;
      return reply(req, action, 200, 'OK', body);
    } catch (err) {
      const wire: WireError = asWireError(err, req);
      const ns = service?.xmlNamespace ?? 'https://iam.amazonaws.com/doc/2010-05-08/';
      const body = `<ErrorResponse xmlns="${ns}"><Error><Type>${wire.fault === 'client' ? 'Sender' : 'Receiver'}</Type>` +
        `<Code>${wire.code}</Code><Message>${escapeXml(wire.message)}</Message></Error>` +
        `<RequestId>${req.requestId}</RequestId></ErrorResponse>`;
      return reply(req, action || 'Unknown', wire.status, wire.code, body);
    }
  };
}

function reply(req: ApiRequest, operation: string, status: number, code: string, body: string): Reply {
  return {
    status,
    code,
    operation,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
    headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': req.requestId },
  };
}
