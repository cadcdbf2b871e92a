// Validates front matter (as JSON) against the JSON Schemas `soteria schema` wrote, with Ajv's
// draft 2020-12 validator: the schemas must be valid, strict-mode schemas, and each instance is
// reported valid or with Ajv's errors. Run from tests/schema.rs:
//   node schema.mjs JOBS.json  (JOBS: [{"name", "schema": path, "instance": path}, …])
// Prints one JSON array: [{"name", "valid", "errors": [{"keyword", "instancePath", "message"}]}].

import { readFileSync } from "node:fs";
import Ajv2020Module from "ajv/dist/2020.js";

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
// allowUnionTypes: a text field takes a number too (`number: 5`), as `soteria check` does.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const compiled = new Map();
const results = jobs.map(({ name, schema, instance }) => {
  if (!compiled.has(schema)) {
    compiled.set(schema, ajv.compile(JSON.parse(readFileSync(schema, "utf8"))));
  }
  const validate = compiled.get(schema);
  const valid = validate(JSON.parse(readFileSync(instance, "utf8")));
  const errors = (validate.errors ?? []).map(({ keyword, instancePath, message }) => ({
    keyword,
    instancePath,
    message,
  }));
  return { name, valid, errors };
});
console.log(JSON.stringify(results));
