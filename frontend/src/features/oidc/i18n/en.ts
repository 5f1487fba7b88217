/** English for the "oidc" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  or: "Or sign in with another account",
  hint: "New here? Signing in this way creates your account.",
  errors: {
    state: "The sign-in timed out or was started elsewhere. Please press the button again.",
    denied: "The sign-in was cancelled. Please try again.",
    refused: "The answer of the sign-in service could not be verified, so you were not signed in. Please try again.",
    unavailable: "The sign-in service could not be reached. Please try again later.",
    email_in_use: "An account with this e-mail address already exists. Sign in with your e-mail address and password, then link the service from your profile.",
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

export default en;
