import {
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { QueryLimitError } from './limit-error.js';

/** Depth of a selection set: the longest chain of nested fields. Introspection fields are left to graphql-js's own rule. */
export function selectionDepth(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): number {
  // memoised per fragment, so a document that spreads the same fragments many times costs linear time
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const depthOf = (s: SelectionSetNode): number => {
    let max = 0;
    for (const sel of s.selections) {
      let d = 0;
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        d = 1 + (sel.selectionSet ? depthOf(sel.selectionSet) : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        d = depthOf(sel.selectionSet);
      } else {
        const name = sel.name.value;
        const known = memo.get(name);
        if (known !== undefined) d = known;
        else {
          const frag = fragments.get(name);
          // unknown fragments and cycles are reported by graphql-js's own rules
          if (!frag || inProgress.has(name)) continue;
          inProgress.add(name);
          d = depthOf(frag.selectionSet);
          inProgress.delete(name);
          memo.set(name, d);
        }
      }
      if (d > max) max = d;
    }
    return max;
  };
  return depthOf(set);
}

export function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  }
  return map;
}

/** Refuses operations nested deeper than `maxDepth` fields (QUERY_TOO_DEEP). */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(op) {
        const depth = selectionDepth(op.selectionSet, fragments);
        if (depth > maxDepth) {
          context.reportError(
            new QueryLimitError(
              'depth',
              maxDepth,
              `The query nests fields ${depth} deep; at most ${maxDepth} is allowed`,
              op,
              depth,
            ),
          );
        }
        return false;
      },
    };
  };
}

/** Counts one kind of node in the whole document and refuses it above `max` (QUERY_TOO_COMPLEX). */
function countingRule(
  limit: 'aliases' | 'directives',
  max: number,
  what: string,
  count: (visitor: { add(): void }) => ASTVisitor,
): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let n = 0;
    const visitor = count({ add: () => void n++ });
    return {
      ...visitor,
      Document: {
        leave(doc) {
          if (n > max) {
            context.reportError(
              new QueryLimitError(limit, max, `The document has ${n} ${what}; at most ${max} are allowed`, doc, n),
            );
          }
        },
      },
    };
  };
}

export function aliasLimitRule(maxAliases: number): ValidationRule {
  return countingRule('aliases', maxAliases, 'aliases', (c) => ({
    Field(node) {
      if (node.alias) c.add();
    },
  }));
}

export function directiveLimitRule(maxDirectives: number): ValidationRule {
  return countingRule('directives', maxDirectives, 'directives', (c) => ({
    Directive() {
      c.add();
    },
  }));
}
