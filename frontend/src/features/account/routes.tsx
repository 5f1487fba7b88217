/** Signing up and in, the profile and my page (initial bundle); the pages e-mail links open (lazy). */
import { lazy } from "react";
import type { FeatureRoute } from "../../shared/routing";
import { MyPage } from "./pages/MyPage";
import { ProfilePage } from "./pages/ProfilePage";
import { SetPasswordPage } from "./pages/SetPasswordPage";
import { SignInPage } from "./pages/SignInPage";
import { SignUpPage } from "./pages/SignUpPage";

// rarely visited, so outside the residents' initial bundle
const accountMail = () => import("./pages/AccountMailPages");
const ForgotPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ResetPasswordPage })));
const ConfirmEmailPage = lazy(() => accountMail().then((m) => ({ default: m.ConfirmEmailPage })));
const UnsubscribePage = lazy(() => accountMail().then((m) => ({ default: m.UnsubscribePage })));

export const routes: FeatureRoute[] = [
  { path: "me", element: <MyPage /> },
  { path: "signin", element: <SignInPage /> },
  { path: "signup", element: <SignUpPage /> },
  { path: "set-password", element: <SetPasswordPage /> },
  { path: "forgot-password", element: <ForgotPasswordPage /> },
  { path: "reset-password", element: <ResetPasswordPage /> },
  { path: "confirm-email", element: <ConfirmEmailPage /> },
  { path: "unsubscribe", element: <UnsubscribePage /> },
  { path: "profile", element: <ProfilePage /> },
];
