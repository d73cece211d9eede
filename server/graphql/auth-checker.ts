import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../errors.js';
import type { AppContext } from './context.js';

/** type-graphql's @Authorized(): a signed-in viewer, and one of the listed roles when any are given. */
export const authChecker: AuthChecker<AppContext> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(viewer.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return true;
};
