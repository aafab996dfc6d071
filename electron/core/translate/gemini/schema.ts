import { isObject } from './shapes';

/** Keywords whose values are data, not schemas: a `type` key inside them is not a schema type. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples']);
/** Keywords whose values map names (which may be any word, "type" or "enum" included) to schemas. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/**
 * Gemini's `parameters` / `responseSchema` use OpenAPI-style schemas with upper-case types ("OBJECT",
 * "STRING"); JSON Schema, which chat carries, wants them lower-case. Returns a lower-cased copy.
 */
export function lowerCaseSchemaTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerCaseSchemaTypes);
  if (!isObject(schema)) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type') copy[key] = lowerCaseType(value);
    else if (DATA_KEYWORDS.has(key)) copy[key] = value;
    else if (NAMED_SCHEMAS.has(key) && isObject(value)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, lowerCaseSchemaTypes(sub)]),
      );
    } else copy[key] = lowerCaseSchemaTypes(value);
  }
  return copy;
}

function lowerCaseType(type: unknown): unknown {
  if (typeof type === 'string') return type.toLowerCase();
  if (Array.isArray(type)) return type.map((item) => (typeof item === 'string' ? item.toLowerCase() : item));
  return type;
}
