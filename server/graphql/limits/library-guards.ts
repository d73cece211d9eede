import {
  GraphQLError,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  specifiedScalarTypes,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fragmentsOf } from './document-rules.js';

/*
 * Guards against inputs that @neo4j/graphql 7.6.3 turns into failing Cypher (they would surface as internal errors).
 * Both were found by test/fuzz-schema.int.test.ts; each is refused here as GRAPHQL_VALIDATION_FAILED instead.
 */

// fields of the generated connection types whose selection the library cannot build from __typename alone
const WRAPPERS = new Set(['node', 'edge', 'properties']);

function onlyTypename(set: SelectionSetNode, context: ValidationContext, seen = new Set<string>()): boolean {
  const fragments = fragmentsOf(context);
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== '__typename') return false;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (!onlyTypename(sel.selectionSet, context, seen)) return false;
    } else {
      const frag = fragments.get(sel.name.value);
      if (!frag || seen.has(frag.name.value)) continue;
      seen.add(frag.name.value);
      if (!onlyTypename(frag.selectionSet, context, seen)) return false;
    }
  }
  return true;
}

/** `edges { node { __typename } }` and friends: the library emits broken Cypher for them. */
export const typenameOnlyRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Field(node) {
    if (!WRAPPERS.has(node.name.value) || !node.selectionSet) return;
    if (onlyTypename(node.selectionSet, context)) {
      context.reportError(
        new GraphQLError(`Select at least one field besides __typename in "${node.name.value}"`, { nodes: node }),
      );
    }
  },
});

/**
 * An empty `node: {}` or `edge: {}` in a connection filter: nested under AND/OR/NOT with the connection's aggregate
 * selected, the library fails with "Attribute undefined not found". It filters nothing, so it is refused everywhere.
 */
function connectionFilterField(parentType: string, field: string): boolean {
  return parentType.endsWith('ConnectionWhere') && (field === 'node' || field === 'edge');
}

export const emptyConnectionFilterRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  ObjectField(node) {
    const parent = context.getParentInputType();
    const named = parent ? getNamedType(parent) : null;
    if (!named || !isInputObjectType(named) || !connectionFilterField(named.name, node.name.value)) return;
    if (node.value.kind === Kind.OBJECT && node.value.fields.length === 0) {
      context.reportError(new GraphQLError(`"${node.name.value}" in a connection filter must name at least one field`, { nodes: node }));
    }
  },
});

const BUILT_IN = new Set(specifiedScalarTypes.map((t) => t.name));
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

function realDay(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

/** Whether a string literal is a value Neo4j's date()/datetime() will parse, for the scalars that need it. */
export function validTemporalLiteral(scalar: string, value: string): boolean {
  const m = scalar === 'Date' ? ISO_DATE.exec(value) : scalar === 'DateTime' ? ISO_DATE_TIME.exec(value) : null;
  return m !== null && realDay(m[1]!, m[2]!, m[3]!);
}

/**
 * Literals of custom scalars get the same check as variables: the library parses variables strictly but passes
 * inline literals such as `doneAt: { gt: "yesterday" }` straight into Cypher's datetime().
 */
export const strictScalarLiteralsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  StringValue(node) {
    const type = getNamedType(context.getInputType());
    if (!type || !isScalarType(type) || BUILT_IN.has(type.name)) return;
    let ok = true;
    try {
      type.parseValue(node.value);
    } catch {
      ok = false;
    }
    if (ok && (type.name === 'Date' || type.name === 'DateTime')) ok = validTemporalLiteral(type.name, node.value);
    if (!ok) {
      const example = type.name === 'Date' ? '2024-05-01' : type.name === 'DateTime' ? '2024-05-01T10:00:00Z' : '';
      context.reportError(
        new GraphQLError(`Expected a ${type.name}${example ? ` such as ${example}` : ''}, found ${JSON.stringify(node.value.slice(0, 40))}`, {
          nodes: node,
        }),
      );
    }
  },
});

/**
 * The same checks for variables: the library turns a DateTime variable such as "2024-02-30T00:00:00Z" into a
 * Neo4j value the database then refuses, and fails on an empty connection `node`/`edge` filter. Returns the
 * offending variable path and what it should be, or null. Input depth is bounded before this runs
 * (limits-plugin.ts), so the recursion is too.
 */
export function invalidLibraryVariable(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): { path: string; message: string } | null {
  type Bad = { path: string; message: string } | null;
  const walk = (value: unknown, type: GraphQLInputType, path: string): Bad => {
    if (value === null || value === undefined) return null;
    if (isNonNullType(type)) return walk(value, type.ofType, path);
    if (isListType(type)) {
      if (!Array.isArray(value)) return walk(value, type.ofType, path);
      for (let i = 0; i < value.length; i++) {
        const bad = walk(value[i], type.ofType, `${path}[${i}]`);
        if (bad) return bad;
      }
      return null;
    }
    if (isInputObjectType(type)) {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const fields = type.getFields();
      for (const [k, v] of Object.entries(value)) {
        const empty = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
        if (empty && connectionFilterField(type.name, k)) return { path: `${path}.${k}`, message: 'must name at least one field' };
        const f = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
        const bad = f ? walk(v, f.type, `${path}.${k}`) : null;
        if (bad) return bad;
      }
      return null;
    }
    if (isScalarType(type) && (type.name === 'Date' || type.name === 'DateTime') && typeof value === 'string') {
      if (validTemporalLiteral(type.name, value)) return null;
      const example = type.name === 'Date' ? '2024-05-01' : '2024-05-01T10:00:00Z';
      return { path, message: `must be a ${type.name} such as ${example}` };
    }
    return null;
  };
  for (const def of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    const name = def.variable.name.value;
    if (!type || !(name in variables)) continue;
    const bad = walk(variables[name], type, `$${name}`);
    if (bad) return bad;
  }
  return null;
}
