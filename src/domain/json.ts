/* JSON that comes from outside the type system (stored columns, settings, bus messages, files), read
   through a schema: a value of the wrong shape fails here with a message naming what was read, instead
   of travelling on under a type it does not have. The schema is compiled once per reader. */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export class JsonShapeError extends Error {
  override name = 'JsonShapeError';
}

export interface JsonReader<T> {
  /** The value, or a JsonShapeError for text that is not JSON or not of the shape. */
  parse(text: string): T;
  /** The value, or undefined for text that is not JSON or not of the shape (for data where a bad entry counts for nothing). */
  tryParse(text: string): T | undefined;
  /** The same checks for a value already parsed. */
  check(value: unknown): value is T;
}

/** A reader of JSON text of `schema`'s shape; `what` names the text in errors ("setting site", "post sources"). */
export function jsonReader<S extends TSchema>(schema: S, what: string): JsonReader<Static<S>> {
  const compiled = TypeCompiler.Compile(schema);
  const check = (value: unknown): value is Static<S> => compiled.Check(value);
  return {
    check,
    parse(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new JsonShapeError(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (check(value)) return value;
      const first = compiled.Errors(value).First();
      throw new JsonShapeError(`${what} is not of the expected shape${first ? ` at ${first.path || '/'}: ${first.message}` : ''}`);
    },
    tryParse(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
      return check(value) ? value : undefined;
    },
  };
}
