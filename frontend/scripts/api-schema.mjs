// The SPA's API types come from the server's OpenAPI schema, never by hand:
//   node scripts/api-schema.mjs generate  writes openapi.json (from `kyoso openapi`) and
//                                          src/shared/api/schema.ts (openapi-typescript)
//   node scripts/api-schema.mjs check     regenerates both into a temporary folder and fails
//                                          when the committed files differ
// The backend runs as ../.venv/bin/python (KYOSO_PYTHON overrides it) with the repository root
// on PYTHONPATH, so it works from any folder and without an installed `kyoso` command.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const frontend = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(frontend);
const SCHEMA_JSON = join(frontend, "openapi.json");
const SCHEMA_TS = join(frontend, "src/shared/api/schema.ts");
const HEADER = "// Generated from openapi.json by `npm run api:generate`: do not edit by hand.\n";

function python() {
  if (process.env.KYOSO_PYTHON) return process.env.KYOSO_PYTHON;
  const venv = join(root, ".venv/bin/python");
  return existsSync(venv) ? venv : "python3";
}

function writeSchemaJson(path) {
  const env = { ...process.env, PYTHONPATH: [root, process.env.PYTHONPATH].filter(Boolean).join(":") };
  execFileSync(python(), ["-m", "backend.cli", "openapi", "--output", path], { cwd: root, env, stdio: "inherit" });
}

async function writeSchemaTs(jsonPath, tsPath) {
  const ast = await openapiTS(pathToFileURL(jsonPath));
  writeFileSync(tsPath, HEADER + astToString(ast));
}

async function generate() {
  writeSchemaJson(SCHEMA_JSON);
  await writeSchemaTs(SCHEMA_JSON, SCHEMA_TS);
  console.log(`Wrote ${relative(root, SCHEMA_JSON)} and ${relative(root, SCHEMA_TS)}.`);
}

async function check() {
  const scratch = mkdtempSync(join(tmpdir(), "kyoso-api-"));
  try {
    const json = join(scratch, "openapi.json");
    const ts = join(scratch, "schema.ts");
    writeSchemaJson(json);
    await writeSchemaTs(json, ts);
    const stale = [
      [SCHEMA_JSON, json],
      [SCHEMA_TS, ts],
    ].filter(([committed, fresh]) => !existsSync(committed) || readFileSync(committed, "utf8") !== readFileSync(fresh, "utf8"));
    if (stale.length > 0) {
      const names = stale.map(([committed]) => relative(root, committed)).join(" and ");
      console.error(`${names} no longer match the server's API. Run \`npm run api:generate\` in frontend/ and commit the result.`);
      process.exit(1);
    }
    console.log("openapi.json and src/shared/api/schema.ts match the server's API.");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const command = process.argv[2];
if (command === "generate") await generate();
else if (command === "check") await check();
else {
  console.error("Usage: node scripts/api-schema.mjs generate|check");
  process.exit(2);
}
