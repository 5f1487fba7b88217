/** Adds the "shared" namespace (t("shared:…")) when a screen that uses it loads, so its strings travel in that lazy chunk. */
import { addNamespace } from "../index";
import en from "./en";
import ja from "./ja";

addNamespace("shared", ja, en);
