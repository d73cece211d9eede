import type { PersonNetworkQuery } from '../../gql/graphql.js';
import type { NetworkData } from '../../graph/build-graph.js';

/** The API's answer in the shape the graph builder takes (a masked person keeps "a mutual contact" as label). */
export function toNetworkData(n: PersonNetworkQuery['network']): NetworkData {
  return {
    truncated: n.truncated,
    nodes: n.nodes.map((x) => ({ id: x.id, name: x.displayName, kind: x.kind ?? 'CONTACT', influence: x.influence, masked: x.masked })),
    edges: n.edges,
  };
}
