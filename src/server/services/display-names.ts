/* The display-name policy with what it needs loaded: staff names and names already in use. */
import { checkDisplayName, tidyDisplayName } from '../../domain/display-name';
import { DomainError } from '../../domain/errors';
import { displayNameTaken, staffNames, type Db } from '../../store/users';

/** The name to store for `raw`, or a DomainError (422 invalid_display_name, 409 display_name_taken). */
export async function vetDisplayName(db: Db, raw: string, who: { userId: string | null; isStaff: boolean }): Promise<string> {
  const staff = (await staffNames(db)).filter((s) => s.id !== who.userId).map((s) => s.displayName);
  const tidy = tidyDisplayName(raw);
  const check = checkDisplayName(raw, { isStaff: who.isStaff, staffNames: staff, takenExactly: tidy !== '' && (await displayNameTaken(db, tidy, who.userId)) });
  if (!check.ok) throw new DomainError(check.code === 'display_name_taken' ? 'conflict' : 'invalid', check.code, check.message);
  return check.name;
}
