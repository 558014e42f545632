// The TOTP helper itself (RFC 6238 test vector, SHA1), so a login failure is never the helper's.

import { it } from 'node:test';
import assert from 'node:assert/strict';

import { totpCode, totpStep } from './helpers.mjs';

it('totpCode matches the RFC 6238 SHA1 test vectors (6 digits)', () => {
  // Secret "12345678901234567890" in base32; RFC 6238 appendix B gives 8-digit codes.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totpCode(secret, totpStep(59_000)), '287082'); // 94287082
  assert.equal(totpCode(secret, totpStep(1_111_111_109_000)), '081804'); // 07081804
  assert.equal(totpCode(secret, totpStep(1_234_567_890_000)), '005924'); // 89005924
  assert.equal(totpCode(secret, totpStep(20_000_000_000_000)), '353130'); // 65353130
});
