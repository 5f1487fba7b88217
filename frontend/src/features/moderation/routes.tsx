/** Reports and automatic flags to moderate. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ModerationPage = lazy(() => import("./pages/ModerationPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/moderation", element: <ModerationPage />, roles: STAFF },
];
