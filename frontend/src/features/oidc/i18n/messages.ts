/**
 * Messages of sign-in with an external account (OpenID Connect: LINE, the city's ID, …).
 * `register.ts` adds them when the sign-in page's provider buttons or the profile's linked
 * accounts load (lazy chunks), so the residents' initial bundle does not carry them.
 * Keys are used as `oidc.…`.
 */
import type { Translation } from "../../../shared/i18n/translation";

export const oidcJa = {
  or: "または、ほかのアカウントでログイン",
  hint: "はじめての方は、ここからログインすると登録されます。",
  errors: {
    state: "ログインの途中で時間が切れたか、別の画面から始められました。もう一度ボタンからログインしてください。",
    denied: "ログインが取り消されました。もう一度お試しください。",
    refused: "ログイン先からの応答を確認できなかったため、ログインしませんでした。もう一度お試しください。",
    unavailable: "ログイン先に接続できませんでした。しばらくしてからお試しください。",
    email_in_use:
      "このメールアドレスのアカウントがすでにあります。メールアドレスとパスワードでログインし、「プロフィール」から連携してください。",
    disabled: "このアカウントは利用が停止されています。市の担当課にお問い合わせください。",
    linked_elsewhere: "このアカウントは、すでに別の利用者に連携されています。",
  },
  linkedTitle: "外部アカウントとの連携",
  linkedIntro: "連携すると、パスワードを入力せずにそのアカウントでログインできます。",
  linkedSince: "{{date}} に連携",
  notLinked: "未連携",
  link: "{{name}} と連携する",
  unlink: "{{name}} の連携を解除する",
  linkedDone: "{{name}} と連携しました。",
  unlinkedDone: "連携を解除しました。",
};

export const oidcEn: Translation<typeof oidcJa> = {
  or: "Or sign in with another account",
  hint: "New here? Signing in this way creates your account.",
  errors: {
    state: "The sign-in timed out or was started elsewhere. Please press the button again.",
    denied: "The sign-in was cancelled. Please try again.",
    refused: "The answer of the sign-in service could not be verified, so you were not signed in. Please try again.",
    unavailable: "The sign-in service could not be reached. Please try again later.",
    email_in_use:
      "An account with this e-mail address already exists. Sign in with your e-mail address and password, then link the service from your profile.",
    disabled: "This account has been disabled. Please contact the city office.",
    linked_elsewhere: "This account is already linked to another user.",
  },
  linkedTitle: "Linked accounts",
  linkedIntro: "Once linked, you can sign in with that account without typing a password.",
  linkedSince: "Linked on {{date}}",
  notLinked: "Not linked",
  link: "Link {{name}}",
  unlink: "Unlink {{name}}",
  linkedDone: "{{name}} is now linked.",
  unlinkedDone: "The account was unlinked.",
};
