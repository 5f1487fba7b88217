/** Identity verification (postcards, counter checks) for staff. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const VerificationPage = lazy(() => import("./pages/VerificationPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/verification", element: <VerificationPage />, roles: STAFF },
];
