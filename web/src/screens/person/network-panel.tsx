import { useCallback, useMemo, useRef, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.js';
import type { PersonNetworkQuery, TieKind } from '../../gql/graphql.js';
import {
  TIE_KINDS,
  createNetworkGraph,
  kindsInGraph,
  layoutNetwork,
  mergeNetwork,
  neighbourList,
  tieColor,
  tiesBetween,
  type NetworkGraph,
} from '../../graph/build-graph.js';
import { NetworkView } from '../../graph/network-view.js';
import { toNetworkData } from './network-data.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { ErrorPanel, QueryState } from '../../ui/status.js';
import type { CombinedError } from '@urql/core';

export const PersonNetwork = graphql(`
  query PersonNetwork($personId: ID!, $depth: Int, $kinds: [TieKind!], $limit: Int) {
    network(personId: $personId, depth: $depth, kinds: $kinds, limit: $limit) {
      truncated
      nodes {
        id
        displayName
        masked
        kind
        influence
        hops
      }
      edges {
        from
        to
        kind
        strength
      }
    }
  }
`);

const FIRST_LIMIT = 150;
const EXPAND_LIMIT = 60;

export function NetworkPanel({ personId, canEdit = false }: { personId: string; canEdit?: boolean }) {
  const { t } = useI18n();
  const [depth, setDepth] = useState(2);
  const [kinds, setKinds] = useState<readonly TieKind[]>(TIE_KINDS);
  const allKinds = kinds.length === TIE_KINDS.length;
  const variables = { personId, depth, kinds: allKinds ? null : [...kinds], limit: FIRST_LIMIT };
  const [result, reexecute] = useQuery({ query: PersonNetwork, variables });
  // while another depth or kind filter loads, urql still holds the previous answer: show it as loading rather than
  // draw the old graph under the new settings
  const current = JSON.stringify(result.operation?.variables ?? null) === JSON.stringify(variables);
  const shown = current ? result : { ...result, data: undefined, error: undefined };

  function toggleKind(k: TieKind): void {
    setKinds((cur) => (cur.includes(k) ? (cur.length > 1 ? cur.filter((x) => x !== k) : cur) : [...cur, k]));
  }

  return (
    <section className="panel" aria-labelledby="network-title">
      <div className="panel-head">
        <h2 id="network-title">{t('network.title')}</h2>
        <label className="inline-field">
          {t('network.depth')}
          <select value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
            {[1, 2, 3].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="legend">
        <legend className="sr-only">{t('network.kinds')}</legend>
        {TIE_KINDS.map((k) => (
          <label key={k} className="legend-item">
            <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggleKind(k)} />
            <span className="swatch" style={{ background: tieColor(k) }} aria-hidden="true" />
            {t(`tie.${k}`)}
          </label>
        ))}
      </fieldset>
      <QueryState result={shown} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => (
          <NetworkExplorer
            key={`${personId}|${depth}|${kinds.join(',')}`}
            personId={personId}
            initial={data.network}
            depth={depth}
            kinds={allKinds ? null : kinds}
            canEdit={canEdit}
          />
        )}
      </QueryState>
    </section>
  );
}

type NetworkAnswer = PersonNetworkQuery['network'];

function NetworkExplorer({
  personId,
  initial,
  depth,
  kinds,
  canEdit,
}: {
  personId: string;
  initial: NetworkAnswer;
  depth: number;
  kinds: readonly TieKind[] | null;
  canEdit: boolean;
}) {
  const { t, tEnum, num, list } = useI18n();
  const client = useClient();
  const graph = useMemo<NetworkGraph>(() => {
    const g = createNetworkGraph();
    mergeNetwork(g, toNetworkData(initial), personId);
    layoutNetwork(g);
    return g;
  }, [initial, personId]);
  const [version, setVersion] = useState(0);
  const [truncated, setTruncated] = useState<string[]>(initial.truncated ? [personId] : []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: CombinedError } | null>(null);
  const [selected, setSelected] = useState(personId);
  const busyRef = useRef(false);

  const expand = useCallback(
    async (id: string) => {
      setSelected(id);
      if (busyRef.current || !graph.hasNode(id) || graph.getNodeAttribute(id, 'expanded')) return;
      busyRef.current = true;
      setBusy(id);
      setError(null);
      const res = await client
        .query(PersonNetwork, { personId: id, depth: 1, kinds: kinds ? [...kinds] : null, limit: EXPAND_LIMIT }, { requestPolicy: 'network-only' })
        .toPromise();
      busyRef.current = false;
      setBusy(null);
      if (res.error || !res.data) {
        if (res.error) setError({ id, error: res.error });
        return;
      }
      mergeNetwork(graph, toNetworkData(res.data.network), id, personId);
      layoutNetwork(graph, 60);
      if (res.data.network.truncated) setTruncated((cur) => [...cur, id]);
      setVersion((v) => v + 1);
    },
    [client, graph, kinds, personId],
  );

  const neighbours = neighbourList(graph, selected);
  const selectedAttrs = graph.hasNode(selected) ? graph.getNodeAttributes(selected) : null;
  const present = kindsInGraph(graph);

  return (
    <div className="network" data-version={version} data-depth={depth}>
      <p className="muted small" aria-live="polite">
        {t('network.size', { nodes: graph.order, edges: graph.size })}
        {present.length > 0 && ` · ${list(present.map((k) => tEnum('tie', k)))}`}
      </p>
      {truncated.length > 0 && (
        <p className="notice" role="status" data-testid="network-truncated">
          {t('network.truncated', { names: list(truncated.map((id) => (graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id))) })}
        </p>
      )}
      <div className="network-body">
        <NetworkView graph={graph} version={version} onNodeClick={(id) => void expand(id)} label={t('network.drawing', { count: graph.order })} />
        <aside className="network-side" aria-label={t('network.selected')}>
          {selectedAttrs && (
            <>
              <h3>
                {selectedAttrs.masked ? <em>{selectedAttrs.label}</em> : <Link to={`/people/${encodeURIComponent(selected)}`}>{selectedAttrs.label}</Link>}{' '}
                <span className={`badge badge-${selectedAttrs.kind.toLowerCase()}`}>{tEnum('kind', selectedAttrs.kind)}</span>
              </h3>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void expand(selected)}
                disabled={selectedAttrs.expanded || busy !== null}
                data-expand={selected}
              >
                {busy === selected ? t('status.loading') : selectedAttrs.expanded ? t('network.expanded') : t('network.expand')}
              </button>
            </>
          )}
          {error && <ErrorPanel error={error.error} onRetry={() => void expand(error.id)} />}
          <ul className="neighbours">
            {neighbours.map((n) => {
              const a = graph.getNodeAttributes(n.id);
              return (
                <li key={n.id}>
                  <button type="button" className="link-btn" onClick={() => void expand(n.id)} data-node-id={n.id} aria-label={t('network.expandNamed', { name: a.label })}>
                    {a.label}
                  </button>
                  <span className="muted small">
                    {list(n.kinds.map((k) => tEnum('tie', k)))} · {num(n.strength, 2)}
                  </span>
                  {a.expanded && <span className="muted small"> ✓</span>}
                  {/* the center's own ties, recorded by mistake or ended: removed one kind at a time */}
                  {canEdit && selected === personId && !a.masked && <RemoveTie graph={graph} personId={personId} otherId={n.id} />}
                </li>
              );
            })}
          </ul>
        </aside>
      </div>
    </div>
  );
}

const RemoveTieMutation = graphql(`
  mutation RemoveTie($fromId: ID!, $toId: ID!, $kind: TieKind!) {
    removeTie(fromId: $fromId, toId: $toId, kind: $kind)
  }
`);

/** A neighbour's ties to the center, each removable after a second tap; the network reloads after a removal. */
function RemoveTie({ graph, personId, otherId }: { graph: NetworkGraph; personId: string; otherId: string }) {
  const { t, tEnum } = useI18n();
  const [open, setOpen] = useState(false);
  const [result, remove] = useMutation(RemoveTieMutation);
  if (!open) {
    return (
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setOpen(true)} data-remove-tie={otherId}>
        {t('network.removeTie')}
      </button>
    );
  }
  return (
    <span className="remove-tie">
      {tiesBetween(graph, personId, otherId).map((tie) => (
        <button
          key={`${tie.from}-${tie.kind}-${tie.to}`}
          type="button"
          className="btn btn-small btn-danger"
          disabled={result.fetching}
          onClick={() => void remove({ fromId: tie.from, toId: tie.to, kind: tie.kind as TieKind })}
          data-testid={`remove-tie-${tie.kind}`}
        >
          {t('network.removeKind', { kind: tEnum('tie', tie.kind) })}
        </button>
      ))}
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setOpen(false)}>
        {t('action.cancel')}
      </button>
      {result.error && <ErrorPanel error={result.error} />}
    </span>
  );
}
