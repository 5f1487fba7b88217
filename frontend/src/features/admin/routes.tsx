/** Users and roles, the audit log. */
import { lazy } from "react";
import { ADMINS, type FeatureRoute } from "../../shared/routing";

const UsersPage = lazy(() => import("./pages/UsersPage"));
const AuditLogPage = lazy(() => import("./pages/AuditLogPage"));

export const routes: FeatureRoute[] = [
  { path: "admin/users", element: <UsersPage />, roles: ADMINS },
  { path: "admin/audit", element: <AuditLogPage />, roles: ADMINS },
];
