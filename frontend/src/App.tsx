/** Routes. Resident pages are in the main bundle; staff, council and admin screens load lazily. */
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./shared/layout/Layout";
import { Loading } from "./shared/components/Feedback";
import { RequireRole } from "./shared/auth/RequireRole";
import { Home } from "./features/proposals/pages/Home";
import { ProcessPage } from "./features/proposals/pages/ProcessPage";
import { ProposalPage } from "./features/proposals/pages/ProposalPage";
import { NewProposalPage } from "./features/proposals/pages/NewProposalPage";
import { MyPage } from "./features/account/pages/MyPage";
import { SignInPage } from "./features/account/pages/SignInPage";
import { SignUpPage } from "./features/account/pages/SignUpPage";
import { SetPasswordPage } from "./features/account/pages/SetPasswordPage";
import { ProfilePage } from "./features/account/pages/ProfilePage";
import { NotFoundPage } from "./shared/layout/NotFoundPage";
import { planningRoutes } from "./features/routes";
import { PAGE_KINDS } from "./shared/site";

const VoteCardsPage = lazy(() => import("./features/proposals/pages/VoteCardsPage"));
const EditProposalPage = lazy(() => import("./features/proposals/pages/EditProposalPage"));
const PlannerDashboard = lazy(() => import("./features/dashboard/pages/PlannerDashboard"));
const ModerationPage = lazy(() => import("./features/moderation/pages/ModerationPage"));
const ProxyEntryPage = lazy(() => import("./features/offline/pages/ProxyEntryPage"));
const WorkshopPage = lazy(() => import("./features/workshops/pages/WorkshopPage"));
const VerificationPage = lazy(() => import("./features/verification/pages/VerificationPage"));
const CouncilDashboard = lazy(() => import("./features/council/pages/CouncilDashboard"));
const UsersPage = lazy(() => import("./features/admin/pages/UsersPage"));
const AuditLogPage = lazy(() => import("./features/admin/pages/AuditLogPage"));
const AdminSitePage = lazy(() => import("./features/site/pages/AdminSitePage"));
const SiteTextPage = lazy(() => import("./features/site/pages/SiteTextPage"));
// the pages e-mail links open: rarely visited, so outside the resident bundle
const accountMail = () => import("./features/account/pages/AccountMailPages");
const ForgotPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ResetPasswordPage })));
const ConfirmEmailPage = lazy(() => accountMail().then((m) => ({ default: m.ConfirmEmailPage })));
const UnsubscribePage = lazy(() => accountMail().then((m) => ({ default: m.UnsubscribePage })));
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

const staff = (page: ReactNode) => (
  <RequireRole roles={["planner", "admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);
const admin = (page: ReactNode) => (
  <RequireRole roles={["admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);
const readers = (page: ReactNode) => (
  <RequireRole roles={["council", "planner", "admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="processes/:processId" element={<ProcessPage />} />
        <Route path="processes/:processId/new" element={<NewProposalPage />} />
        <Route
          path="processes/:processId/vote"
          element={
            <Suspense fallback={<Loading />}>
              <VoteCardsPage />
            </Suspense>
          }
        />
        <Route path="proposals/:proposalId" element={<ProposalPage />} />
        <Route
          path="proposals/:proposalId/edit"
          element={
            <Suspense fallback={<Loading />}>
              <EditProposalPage />
            </Suspense>
          }
        />
        <Route path="me" element={<MyPage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="set-password" element={<SetPasswordPage />} />
        <Route path="forgot-password" element={later(<ForgotPasswordPage />)} />
        <Route path="reset-password" element={later(<ResetPasswordPage />)} />
        <Route path="confirm-email" element={later(<ConfirmEmailPage />)} />
        <Route path="unsubscribe" element={later(<UnsubscribePage />)} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="planner" element={staff(<PlannerDashboard />)} />
        <Route path="planner/moderation" element={staff(<ModerationPage />)} />
        <Route path="planner/proxy" element={staff(<ProxyEntryPage />)} />
        <Route path="planner/workshop" element={staff(<WorkshopPage />)} />
        <Route path="planner/verification" element={staff(<VerificationPage />)} />
        <Route path="council" element={readers(<CouncilDashboard />)} />
        <Route path="admin/users" element={admin(<UsersPage />)} />
        <Route path="admin/audit" element={admin(<AuditLogPage />)} />
        <Route path="admin/site" element={admin(<AdminSitePage />)} />
        {PAGE_KINDS.map((kind) => (
          <Route
            key={kind}
            path={kind}
            element={
              <Suspense fallback={<Loading />}>
                <SiteTextPage kind={kind} />
              </Suspense>
            }
          />
        ))}
        {planningRoutes(staff, readers)}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
