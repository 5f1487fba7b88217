/** Adds the moderation and proxy-entry messages (staffMessages.ts) when such a page loads. */
import i18n from "../../i18n";
import { staffEn, staffJa } from "./staffMessages";

i18n.addResourceBundle("ja", "translation", staffJa, true, true);
i18n.addResourceBundle("en", "translation", staffEn, true, true);
