/** Entering what arrived offline: one submission, a file of them, paper and meeting votes. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ProxyEntryPage = lazy(() => import("./pages/ProxyEntryPage"));
const ImportPage = lazy(() => import("./pages/ImportPage"));
const OfflineVotesPage = lazy(() => import("./pages/OfflineVotesPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/proxy", element: <ProxyEntryPage />, roles: STAFF },
  { path: "planner/import", element: <ImportPage />, roles: STAFF },
  { path: "planner/offline-votes", element: <OfflineVotesPage />, roles: STAFF },
];
