/** Adds the external sign-in messages (messages.ts) when one of their screens loads. */
import i18n from "../../../shared/i18n";
import { oidcEn, oidcJa } from "./messages";

i18n.addResourceBundle("ja", "translation", { oidc: oidcJa }, true, true);
i18n.addResourceBundle("en", "translation", { oidc: oidcEn }, true, true);
