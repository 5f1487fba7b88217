/**
 * Adds the "plan" namespace (planning, themes, drafts, responses, outcomes, council) to the app's
 * i18next instance. Imported by every screen of these features, so the strings travel in their
 * lazily loaded chunks and not in the residents' initial JavaScript. Keys are used as "plan:…".
 */
import i18n from "../../../shared/i18n";
import en from "./en";
import ja from "./ja";

export const NAMESPACE = "plan";

if (!i18n.hasResourceBundle("ja", NAMESPACE)) {
  i18n.addResourceBundle("ja", NAMESPACE, ja, true, true);
  i18n.addResourceBundle("en", NAMESPACE, en, true, true);
}
