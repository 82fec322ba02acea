// Validates JSON documents against a JSON Schema (draft 2020-12) with ajv in strict mode, and
// prints JSON: {"schemaErrors": …, "documents": [[path, errors], …]}. The second, independent
// validator for the schemas the site publishes.
const { readFileSync } = require("node:fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");

const [schemaPath, ...documents] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (error) {
  process.stdout.write(JSON.stringify({ schemaErrors: String(error.message), documents: [] }));
  process.exit(0);
}
const results = documents.map((path) => {
  validate(JSON.parse(readFileSync(path, "utf8")));
  return [path, validate.errors || []];
});
process.stdout.write(JSON.stringify({ schemaErrors: null, documents: results }));
