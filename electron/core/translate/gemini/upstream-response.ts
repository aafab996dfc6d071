import type { JsonObject } from '../translator';
import { objectAt, objectsAt, stringAt } from './shapes';

/** Reading what a Gemini upstream sends, whole or one stream element at a time. */

/** Code Assist (Gemini CLI's Google login) wraps each response as {response: {...}, traceId}. */
export function unwrapResponse(body: JsonObject): JsonObject {
  const inner = objectAt(body, 'response');
  return inner && body.candidates === undefined && body.usageMetadata === undefined ? inner : body;
}

/** Farebox asks for one candidate; the first is the answer. */
export function firstCandidate(response: JsonObject): JsonObject | undefined {
  return objectsAt(response, 'candidates')[0];
}

export function candidateParts(candidate: JsonObject | undefined): JsonObject[] {
  return objectsAt(objectAt(candidate, 'content'), 'parts');
}

/** A prompt Gemini refused outright comes back with promptFeedback.blockReason and no candidates. */
export function isPromptBlocked(response: JsonObject): boolean {
  return (
    !firstCandidate(response) && stringAt(objectAt(response, 'promptFeedback'), 'blockReason') !== undefined
  );
}
