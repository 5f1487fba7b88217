/** Adds the admin screens' messages (messages.ts) when an admin page loads. */
import i18n from "../../../shared/i18n";
import { adminEn, adminJa } from "./messages";

i18n.addResourceBundle("ja", "translation", { admin: adminJa }, true, true);
i18n.addResourceBundle("en", "translation", { admin: adminEn }, true, true);
