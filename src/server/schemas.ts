import { Type } from '@sinclair/typebox';

/* Request fields shared by several areas of the HTTP API. Route modules import these, never each other. */

export const Email = Type.String({ minLength: 3, maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 60 });
/** Post addresses as `slugify` makes them. */
export const Slug = Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-z0-9][a-z0-9-]*$' });
