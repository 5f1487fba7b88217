/** 決裁待ち: what waits for an approver before it is public. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ApprovalsPage = lazy(() => import("./pages/ApprovalsPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/approvals", element: <ApprovalsPage />, roles: STAFF },
];
