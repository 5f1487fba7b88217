/** Site settings for admins; the terms, privacy and accessibility pages for everyone. */
import { lazy } from "react";
import { PAGE_KINDS } from "../../shared/site";
import { ADMINS, type FeatureRoute } from "../../shared/routing";

const AdminSitePage = lazy(() => import("./pages/AdminSitePage"));
const SiteTextPage = lazy(() => import("./pages/SiteTextPage"));

export const routes: FeatureRoute[] = [
  { path: "admin/site", element: <AdminSitePage />, roles: ADMINS },
  ...PAGE_KINDS.map((kind) => ({ path: kind, element: <SiteTextPage kind={kind} /> })),
];
