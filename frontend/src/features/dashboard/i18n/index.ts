/** Adds the planner.* messages to the default namespace when a screen of this feature loads. */
import i18n from "../../../shared/i18n";
import en from "./en";
import ja from "./ja";

i18n.addResourceBundle("ja", "translation", { planner: ja }, true, true);
i18n.addResourceBundle("en", "translation", { planner: en }, true, true);
