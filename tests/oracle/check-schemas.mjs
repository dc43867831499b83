#!/usr/bin/env node
// Oracle for schema validation: graphql-js's verdict on many schemas, one process.
//
//   node check-schemas.mjs [ORACLE_DIR] < cases.jsonl
//
// ORACLE_DIR (else GQLFORGE_ORACLE_DIR) holds node_modules/graphql (graphql-js 17.1.0, as
// `cargo xtask test` installs it into target/oracle); graphql is imported from there by file
// URL, so this script need not live beside it.
//
// stdin: one JSON object a line, {"id": N, "name": "x.graphql" | "x.json", "text": "..."}.
// stdout: one line for each, in order, {"id": N, "errors": [{rule, message, locations}]};
// no errors means graphql-js finds the schema valid.
//
// SDL (any name not ending in .json) goes through what `buildSchema` + `validateSchema` do,
// but with every error separately (buildSchema throws SDL errors joined in one message):
//   1. parse: a syntax error is the one error (rule "SyntaxError");
//   2. validateSDL with specifiedSDLRules (rule: the SDL rule's name, found by running each
//      rule on its own, as corpus/oracle/validate.mjs does);
//   3. buildASTSchema(doc, {assumeValidSDL: true}) and validateSchema (rule "Schema.KIND",
//      KIND from SCHEMA_MESSAGES below). Done even after SDL errors, since graphql-js would
//      report these too once those are fixed; a throw of buildASTSchema is then left out
//      (the SDL errors explain it), else it is one error (rule "buildASTSchema").
// Introspection JSON (.json): JSON.parse (rule "JSON"), buildClientSchema(json.data ?? json)
// (a throw: one error, rule "buildClientSchema"), then validateSchema as above.
//
// An SDL error of UniqueFieldDefinitionNamesRule or UniqueEnumValueNamesRule that says a
// definition is repeated also has "identical": whether both definitions are the same once
// their descriptions are left out (gqlforge makes identical duplicates a warning).
// Exit status 0; 2 on a usage error or a graphql that lacks what is used here.
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2] ?? process.env.GQLFORGE_ORACLE_DIR;
if (!dir) {
  console.error('usage: node check-schemas.mjs ORACLE_DIR < cases.jsonl  (or set GQLFORGE_ORACLE_DIR)');
  process.exit(2);
}
const graphqlDir = resolve(dir, 'node_modules/graphql');
const load = (file) => import(pathToFileURL(join(graphqlDir, file)).href);
// validateSDL and specifiedSDLRules are not exported by graphql 17's index: they are taken
// from their modules, which index.mjs itself imports (so the classes are the same ones).
const {
  parse, print, visit, Source, GraphQLError, buildASTSchema, buildClientSchema, validateSchema,
  version,
} = await load('index.mjs');
const { validateSDL } = await load('validation/validate.mjs');
const { specifiedSDLRules } = await load('validation/specifiedRules.mjs');
if (typeof validateSDL !== 'function' || !Array.isArray(specifiedSDLRules)) {
  console.error(`graphql ${version} at ${graphqlDir} has no validateSDL / specifiedSDLRules`);
  process.exit(2);
}

// The messages of graphql-js's type/validate.js, each with a kind. A message that matches
// none is of kind "Schema.unclassified" (the Rust side fails on it: add it here).
// Not listed: those no SDL or introspection result can produce ("Expected directive but
// got", "Expected GraphQL named type but got", and "has invalid default value: ... Did you
// mean", which needs a default given as a JavaScript value rather than a literal).
const SCHEMA_MESSAGES = [
  ['QueryRootMissing', /^Query root type must be provided\.$/],
  ['RootNotObject', /^(Query root type must be Object type|(Mutation|Subscription) root type must be Object type if provided), it cannot be /],
  ['RootTypesNotDistinct', /^All root types must be different, ".*" type is used as .* root types\.$/],
  ['ReservedName', /^Name ".*" must not begin with "__", which is reserved by GraphQL introspection\.$/],
  ['DirectiveWithoutLocations', /^Directive @.* must include 1 or more locations\.$/],
  ['ArgumentNotInputType', /^The type of .*\(.*:\) must be Input Type but got: /],
  ['RequiredArgumentDeprecated', /^Required argument .* cannot be deprecated\.$/],
  ['InvalidDefaultValue.NonNull', / has invalid default value.*: Expected value of non-null type ".*" not to be null\.$/],
  ['InvalidDefaultValue.NotObject', / has invalid default value.*: Expected value of type ".*" to be an object, found: /],
  ['InvalidDefaultValue.RequiredField', / has invalid default value.*: Expected value of type ".*" to include required field /],
  ['InvalidDefaultValue.UnknownField', / has invalid default value.*: Expected value of type ".*" not to include unknown field /],
  ['InvalidDefaultValue.OneOf', / has invalid default value.*: Within OneOf Input Object type ".*", exactly one field must be specified/],
  ['InvalidDefaultValue.Enum', / has invalid default value.*: (Enum ".*" cannot represent|Value ".*" does not exist in ".*" enum)/],
  ['InvalidDefaultValue.Scalar', / has invalid default value.*: ((Int|Float|String|Boolean|ID) cannot represent|Expected value of type ".*", found)/],
  ['NoFields', /^Type .* must define one or more fields\.$/],
  ['FieldNotOutputType', /^The type of [^(]* must be Output Type but got: /],
  ['ImplementsNonInterface', /^Type .* must only implement Interface types, it cannot implement /],
  ['ImplementsItself', /^Type .* cannot implement itself because it would create a circular reference\.$/],
  ['ImplementsTwice', /^Type .* can only implement .* once\.$/],
  ['InterfaceArgumentMissing', /^Interface field argument .* expected but .* does not provide it\.$/],
  ['InterfaceArgumentType', /^Interface field argument .* expects type .* but .* is type .*\.$/],
  ['InterfaceFieldMissing', /^Interface field .* expected but .* does not provide it\.$/],
  ['InterfaceFieldType', /^Interface field .* expects type .* but .* is type .*\.$/],
  ['ExtraArgumentRequired', /^Argument ".*" must not be required type ".*" if not provided by the Interface field ".*"\.$/],
  ['DeprecatedImplementationField', /^Interface field .* is not deprecated, so implementation field .* must not be deprecated\.$/],
  ['ImplementsCycle', /^Type .* cannot implement .* because it would create a circular reference\.$/],
  ['TransitiveInterfaceMissing', /^Type .* must implement .* because it is implemented by .*\.$/],
  ['UnionNoMembers', /^Union type .* must define one or more member types\.$/],
  ['UnionMemberTwice', /^Union type .* can only include type .* once\.$/],
  ['UnionMemberNotObject', /^Union type .* can only include Object types, it cannot include /],
  ['EnumNoValues', /^Enum type .* must define one or more values\.$/],
  ['InputObjectNoFields', /^Input Object type .* must define one or more fields\.$/],
  ['InputFieldNotInputType', /^The type of [^(]* must be Input Type but got: /],
  ['RequiredInputFieldDeprecated', /^Required input field .* cannot be deprecated\.$/],
  ['OneOfFieldNonNull', /^OneOf input field .* must be nullable\.$/],
  ['OneOfFieldDefault', /^OneOf input field .* cannot have a default value\.$/],
  ['InputObjectNotFinite', /^Input Object .* cannot be provided a finite value because it references itself through fields: /],
  ['DefaultValueCycle', /^Invalid circular reference\. The default value of Input Object field .* references itself/],
];

function schemaKind(message) {
  const found = SCHEMA_MESSAGES.find(([, pattern]) => pattern.test(message));
  return `Schema.${found ? found[0] : 'unclassified'}`;
}

const locations = (e) => (e.locations ?? []).map(({ line, column }) => ({ line, column }));
const error = (rule, e) => ({ rule, message: e.message, locations: locations(e) });
const key = (e) => `${e.message}@${JSON.stringify(locations(e))}`;

// Name node → the field, input value or enum value definition it names.
function definitionsByName(doc) {
  const byName = new Map();
  const add = (node) => { byName.set(node.name, node); };
  visit(doc, { FieldDefinition: add, InputValueDefinition: add, EnumValueDefinition: add });
  return byName;
}

const REPEATED_DEFINITION_RULES = ['UniqueFieldDefinitionNamesRule', 'UniqueEnumValueNamesRule'];
const withoutDescription = (node) => print({ ...node, description: undefined });

function checkSdl(name, text) {
  let doc;
  try {
    doc = parse(new Source(text, name));
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    return [error('SyntaxError', e)];
  }
  const sdlErrors = validateSDL(doc);
  const errors = [];
  if (sdlErrors.length) {
    const ruleOf = new Map();
    for (const rule of specifiedSDLRules) {
      for (const e of validateSDL(doc, undefined, [rule])) {
        if (!ruleOf.has(key(e))) ruleOf.set(key(e), rule.name);
      }
    }
    const definitions = definitionsByName(doc);
    for (const e of sdlErrors) {
      const out = error(ruleOf.get(key(e)) ?? 'SDL.unclassified', e);
      if (REPEATED_DEFINITION_RULES.includes(out.rule) && e.nodes?.length === 2) {
        const [first, second] = e.nodes.map((n) => definitions.get(n));
        if (first && second) out.identical = withoutDescription(first) === withoutDescription(second);
      }
      errors.push(out);
    }
  }
  let schema;
  try {
    schema = buildASTSchema(doc, { assumeValidSDL: true });
  } catch (e) {
    if (!sdlErrors.length) return [error('buildASTSchema', e)];
    return [...errors, { rule: 'Schema.incomplete', message: `buildASTSchema threw: ${e.message}`, locations: [] }];
  }
  return [...errors, ...checkSchema(schema, 'buildASTSchema', sdlErrors.length > 0)];
}

function checkIntrospection(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return [{ rule: 'JSON', message: e.message, locations: [] }];
  }
  let schema;
  try {
    schema = buildClientSchema(json?.data ?? json);
  } catch (e) {
    return [error('buildClientSchema', e)];
  }
  return checkSchema(schema, 'buildClientSchema', false);
}

// validateSchema's errors. Some of the builder's checks (names, defaultValue syntax) run
// only when a type's fields are first asked for, which may be here: such a throw is the
// builder's error (left out after SDL errors, as above).
// After SDL errors such a throw means validateSchema's errors are unknown: the answer says
// so (rule "Schema.incomplete"), for a rejection for another reason cannot be checked.
function checkSchema(schema, builder, afterSdlErrors) {
  try {
    return validateSchema(schema).map((e) => error(schemaKind(e.message), e));
  } catch (e) {
    if (!afterSdlErrors) return [error(builder, e)];
    return [{ rule: 'Schema.incomplete', message: `validateSchema threw: ${e.message}`, locations: [] }];
  }
}

function check(name, text) {
  try {
    return name.endsWith('.json') ? checkIntrospection(text) : checkSdl(name, text);
  } catch (e) {
    return [{ rule: 'threw', message: `graphql-js threw: ${e?.stack ?? e}`, locations: [] }];
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, name, text } = JSON.parse(line);
  process.stdout.write(`${JSON.stringify({ id, errors: check(String(name), String(text)) })}\n`);
}
