import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Arguments that size a list: @neo4j/graphql uses `limit` (lists) and `first` (connections); analytics use both. */
export const LIST_SIZE_ARGS = ['first', 'limit'] as const;
/** Arguments that must not be negative wherever they appear. */
export const NON_NEGATIVE_ARGS = ['first', 'limit', 'offset'] as const;

export interface CostOptions {
  /** List size assumed when a field that takes first/limit is not given one and has no default. */
  defaultListSize: number;
  /** Stop counting above this (the answer is then only "more than"). */
  ceiling?: number;
}

type Vars = Readonly<Record<string, unknown>>;

function argValue(node: FieldNode, name: string, vars: Vars): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, vars as Record<string, unknown>);
}

function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

/** At most this many rows when the list is filtered by `where: { id: { eq } }` (1) or `{ id: { in: [...] } }`. */
function idBound(node: FieldNode, vars: Vars): number | undefined {
  const where = argValue(node, 'where', vars) as { id?: { eq?: unknown; in?: unknown } } | null | undefined;
  const id = where && typeof where === 'object' ? where.id : undefined;
  if (!id || typeof id !== 'object') return undefined;
  if (id.eq !== undefined && id.eq !== null) return 1;
  return Array.isArray(id.in) ? id.in.length : undefined;
}

/**
 * How many times a field's sub-selection is fetched: its first/limit (given, defaulted or assumed), capped by an id
 * filter (ids are unique); 1 for fields that take no first/limit.
 */
function multiplier(def: GraphQLField<unknown, unknown> | undefined, node: FieldNode, vars: Vars, opts: CostOptions): number {
  if (!def) return 1;
  for (const name of LIST_SIZE_ARGS) {
    const argDef = def.args.find((a) => a.name === name);
    if (!argDef) continue;
    const given = argValue(node, name, vars);
    const v = typeof given === 'number' ? given : typeof argDef.defaultValue === 'number' ? argDef.defaultValue : opts.defaultListSize;
    const bound = def.args.some((a) => a.name === 'where') ? idBound(node, vars) : undefined;
    return Math.max(0, Math.floor(bound === undefined ? v : Math.min(v, bound)));
  }
  return 1;
}

/**
 * List-aware cost of one operation: every field costs 1, and a field sized by first/limit multiplies the cost of its
 * sub-selection by that size. So `people(limit: 100) { friends(limit: 100) { name } }` costs 1 + 100 * (1 + 100 * 1).
 * Fragments are counted where they are spread (memoised per fragment: its type condition fixes its cost).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Vars,
  opts: CostOptions,
): number {
  const ceiling = opts.ceiling ?? Number.MAX_SAFE_INTEGER;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        const def = fieldDef(parent, name);
        let c = 1;
        if (sel.selectionSet) {
          const child = def ? getNamedType(def.type) : undefined;
          c += multiplier(def, sel, variables, opts) * costOf(sel.selectionSet, child);
        }
        total += c;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        total += costOf(sel.selectionSet, t ?? parent);
      } else {
        const frag = fragments.get(sel.name.value);
        if (!frag || inProgress.has(frag.name.value)) continue;
        const key = frag.name.value;
        let c = memo.get(key);
        if (c === undefined) {
          inProgress.add(key);
          c = costOf(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? parent);
          inProgress.delete(key);
          memo.set(key, c);
        }
        total += c;
      }
      if (total > ceiling) return ceiling + 1;
    }
    return Math.min(total, ceiling + 1);
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return costOf(operation.selectionSet, root ?? undefined);
}

/**
 * Nesting depth of a JSON-like value (objects and lists each count one level), iteratively so that hostile
 * input cannot overflow the stack. Returns max + 1 as soon as the value is deeper than `max`.
 */
export function valueDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') {
      if (d > deepest) deepest = d;
      continue;
    }
    const level = d + 1;
    if (level > max) return max + 1;
    if (level > deepest) deepest = level;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return deepest;
}

/** Nesting depth of an argument literal, variables resolved to their values. */
export function literalDepth(node: ValueNode, variables: Vars, max: number): number {
  let deepest = 0;
  const stack: [ValueNode, number][] = [[node, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (n.kind === Kind.VARIABLE) {
      const vd = d + valueDepth(variables[n.name.value], max);
      if (vd > max) return max + 1;
      if (vd > deepest) deepest = vd;
    } else if (n.kind === Kind.OBJECT || n.kind === Kind.LIST) {
      const level = d + 1;
      if (level > max) return max + 1;
      if (level > deepest) deepest = level;
      const children = n.kind === Kind.OBJECT ? n.fields.map((f) => f.value) : n.values;
      for (const c of children) stack.push([c, level]);
    }
  }
  return deepest;
}

export interface NegativeArgument {
  argument: string;
  value: number;
}

/** The first first/limit/offset argument given a negative value, if any (these are never meaningful). */
export function findNegativeSizeArgument(document: DocumentNode, variables: Vars): NegativeArgument | null {
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION && def.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const stack: SelectionSetNode[] = [def.selectionSet];
    while (stack.length > 0) {
      const set = stack.pop()!;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          for (const name of NON_NEGATIVE_ARGS) {
            const v = argValue(sel, name, variables);
            if (typeof v === 'number' && v < 0) return { argument: name, value: v };
          }
          if (sel.selectionSet) stack.push(sel.selectionSet);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          stack.push(sel.selectionSet);
        }
      }
    }
  }
  return null;
}
