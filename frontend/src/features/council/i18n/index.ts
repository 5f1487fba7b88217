/** Adds the council.* messages to the default namespace when a screen of this feature loads. */
import i18n from "../../../shared/i18n";
import en from "./en";
import ja from "./ja";

i18n.addResourceBundle("ja", "translation", { council: ja }, true, true);
i18n.addResourceBundle("en", "translation", { council: en }, true, true);
