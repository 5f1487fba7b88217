/** Adds the "admin" namespace (t("admin:…")) when a screen that uses it loads, so its strings travel in that lazy chunk. */
import { addNamespace } from "../../../shared/i18n";
import en from "./en";
import ja from "./ja";

addNamespace("admin", ja, en);
