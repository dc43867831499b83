// Deterministic mock execution over any schema, shared by the test servers
// (graphql-server.mjs, api-server.mjs).
//
// `mockExecutor(schema)` mocks every field with @graphql-tools/mock and returns the mocked schema
// and an `execute(args)` that empties the mock store and reseeds the random source from the
// request (query, operation name, variables) before executing, so the same request always gets
// the same data. Lists hold 0 to 3 items; custom scalars are strings; an abstract type resolves
// to one of its possible types. With `{ echoIds: true }`, a root field with an `id` argument
// returns the object stored under that id (its `id` field is the id asked for); `resolvers`
// (`{ Mutation: { signIn: (root, args) => ... } }`) replace the mocks of those root fields;
// `mocks` (`{ DateTime: () => ..., Contact: { email: () => ... } }`) replace the mocks of those
// types or fields.

import {
  execute,
  getNamedType,
  isListType,
  isNullableType,
  isObjectType,
  isScalarType,
  specifiedScalarTypes,
} from 'graphql';
import { addMocksToSchema, createMockStore, MockList } from '@graphql-tools/mock';

/** A small seeded generator (mulberry32): a float in [0, 1) per call. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, as an unsigned 32-bit seed. */
function hashString(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The mocks: custom scalars become strings; every list-typed field of an object type holds 0 to
 * 3 items (the mock library's own default is always 2). Interfaces get no mock: the library then
 * picks one of their possible types, whose own mock applies.
 */
function buildMocks(schema) {
  const builtIn = new Set(specifiedScalarTypes.map((t) => t.name));
  const mocks = {
    Int: () => Math.floor(Math.random() * 200) - 100,
    Float: () => Math.round((Math.random() * 200 - 100) * 100) / 100,
    String: () => `text-${Math.floor(Math.random() * 1000)}`,
    ID: () => `id-${Math.floor(Math.random() * 1e9)}`,
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) {
      continue;
    }
    if (isScalarType(type) && !builtIn.has(type.name)) {
      const name = type.name;
      mocks[name] = () => `${name}-${Math.floor(Math.random() * 1000)}`;
    } else if (isObjectType(type)) {
      const fieldMocks = {};
      for (const field of Object.values(type.getFields())) {
        const nullable = isNullableType(field.type) ? field.type : field.type.ofType;
        if (isListType(nullable)) {
          fieldMocks[field.name] = () => new MockList([0, 3]);
        }
      }
      if (Object.keys(fieldMocks).length > 0) {
        mocks[type.name] = fieldMocks;
      }
    }
  }
  return mocks;
}

/** Root fields `field(id: ...)` returning an object type with an `id` field: the stored object. */
function rootResolvers(schema, store) {
  const resolvers = {};
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const type = getNamedType(field.type);
      const hasId = field.args.some((a) => a.name === 'id');
      if (hasId && isObjectType(type) && type.getFields().id && !isListType(field.type)) {
        resolvers[root.name] ??= {};
        resolvers[root.name][field.name] = (_, args) =>
          args.id == null ? store.get(type.name) : store.get(type.name, args.id);
      }
    }
  }
  return resolvers;
}

/**
 * `extra` over `base`. Field mocks (`{ email: () => ... }`) of one object type are merged into
 * one function returning every field's value: the mock store calls a type's function once per
 * object, so list items differ.
 */
function mergeMocks(base, extra) {
  const merged = { ...base };
  for (const [name, mock] of Object.entries(extra)) {
    if (typeof mock === 'object') {
      const fields = { ...(typeof merged[name] === 'object' ? merged[name] : {}), ...mock };
      merged[name] = () => Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, value()]));
    } else {
      merged[name] = mock;
    }
  }
  return merged;
}

function mergeRoots(a, b) {
  const merged = { ...a };
  for (const [root, fields] of Object.entries(b)) {
    merged[root] = { ...(merged[root] ?? {}), ...fields };
  }
  return merged;
}

/** `{ schema, execute }`: `schema` mocked, `execute(args)` deterministic per request. */
export function mockExecutor(schema, { echoIds = false, resolvers = {}, mocks = {} } = {}) {
  const store = createMockStore({ schema, mocks: mergeMocks(buildMocks(schema), mocks) });
  const mockedSchema = addMocksToSchema({
    schema,
    store,
    preserveResolvers: false,
    resolvers: mergeRoots(echoIds ? rootResolvers(schema, store) : {}, resolvers),
  });
  return {
    schema: mockedSchema,
    // The mock resolvers are synchronous, so resetting, reseeding and executing run as one
    // step: no other request can interleave and change this one's data.
    execute: (args) => {
      store.reset();
      const request = JSON.stringify([
        args.document.loc?.source.body ?? '',
        args.operationName ?? null,
        args.variableValues ?? null,
      ]);
      Math.random = seededRandom(hashString(request));
      return execute({ ...args, schema: mockedSchema });
    },
  };
}
