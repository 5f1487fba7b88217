/** Adds the "planning" namespace (t("planning:…")) when a screen that uses it loads, so its strings travel in that lazy chunk. */
import "../../../shared/i18n/shared";
import { addNamespace } from "../../../shared/i18n";
import en from "./en";
import ja from "./ja";

addNamespace("planning", ja, en);
