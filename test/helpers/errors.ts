// Asserts that an AWS SDK call failed with the given error code, HTTP status and message.
import assert from 'node:assert/strict';

interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number };
}

export async function expectAwsError(
  call: Promise<unknown>,
  expected: { name: string; status?: number; message?: string | RegExp },
): Promise<SdkError> {
  let caught: SdkError | undefined;
  try {
    await call;
  } catch (err) {
    caught = err as SdkError;
  }
  assert.ok(caught, `expected ${expected.name}, but the call succeeded`);
  assert.equal(caught.name, expected.name, `expected ${expected.name}, got ${caught.name}: ${caught.message}`);
  assert.equal(caught.$metadata?.httpStatusCode, expected.status ?? 400);
  if (typeof expected.message === 'string') assert.equal(caught.message, expected.message);
  else if (expected.message) assert.match(caught.message, expected.message);
  return caught;
}
