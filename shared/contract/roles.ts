import { z } from 'zod';

/**
 * `gatekeeper` (出口查验员): staffs the exit gate only — scans what leaves (exitLot) and records
 * exceptions; it cannot receive, sell, test or manage (docs/public-trace.md).
 */
export const ROLES = ['vendor', 'receiver', 'inspector', 'gatekeeper', 'manager', 'admin'] as const;
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
