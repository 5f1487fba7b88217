/** Adds the moderation and proxy-entry messages (staffMessages.ts) when such a page loads. */
import i18n from "../../../shared/i18n";
import { staffEn, staffJa } from "./messages";

i18n.addResourceBundle("ja", "translation", staffJa, true, true);
i18n.addResourceBundle("en", "translation", staffEn, true, true);
