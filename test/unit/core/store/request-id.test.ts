import { describe, expect, it } from 'vitest';
import { newRequestId } from '../../../../electron/core/store/request-id';

describe('newRequestId', () => {
  it('is a version-7 UUID whose order follows time', () => {
    const early = newRequestId(Date.UTC(2026, 0, 1));
    const late = newRequestId(Date.UTC(2026, 10, 27, 16));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
    expect(newRequestId(1)).not.toBe(newRequestId(1));
  });
});
