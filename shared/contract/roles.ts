import { z } from 'zod';

export const ROLES = ['vendor', 'receiver', 'inspector', 'manager', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who may call a method: 'public' needs no sign-in, 'signedIn' any operator, or a list of roles. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export function allows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signedIn') return true;
  return access.includes(role) || role === 'admin';
}
