// ESLint (flat config): typescript-eslint's recommended rules (syntax only: `tsc --noEmit` checks
// the types), the Rules of Hooks and jsx-a11y's recommended accessibility rules.
// typescript-eslint reads TypeScript 6.0's API, so package.json installs `typescript` as
// @typescript/typescript6 and TypeScript 7 (whose `tsc` we run) as @typescript/native.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    rules: {
      // `_init` keeps a mock's call signature typed; `{ slug: _slug, ...body }` leaves a field out
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // a scrolling table is a labelled region that must take focus, or keyboard users cannot
      // scroll it (WCAG 2.1.1; axe's scrollable-region-focusable)
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["region"], tags: [] }],
    },
  },
  { files: ["scripts/**", "*.config.*"], languageOptions: { globals: globals.node } },
);
