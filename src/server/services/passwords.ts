import { hash, verify } from '@node-rs/argon2';

/* Passwords are stored as Argon2id hashes; used by sign-in, the account page, the CLI and the demo seed. */

export const hashPassword = (password: string) => hash(password, { algorithm: 2 /* Argon2id */ });
/** False for a wrong password and for a stored hash Argon2 cannot read. */
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);
