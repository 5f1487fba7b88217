/** Adds the workshop screen's messages (messages.ts) when the screen loads. */
import i18n from "../../../shared/i18n";
import { workshopEn, workshopJa } from "./messages";

i18n.addResourceBundle("ja", "translation", { workshop: workshopJa }, true, true);
i18n.addResourceBundle("en", "translation", { workshop: workshopEn }, true, true);
