import { useEffect, useRef, useState } from 'react';
import type Sigma from 'sigma';
import type { EdgeAttrs, NetworkGraph, NodeAttrs } from './build-graph.js';

/** Whether this browser can draw WebGL (sigma needs it); the SVG drawing stands in when it cannot. */
function hasWebGL(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

interface Props {
  graph: NetworkGraph;
  /** Bumped whenever the graph changed, so the drawing refreshes. */
  version: number;
  onNodeClick(id: string): void;
  label: string;
}

export function NetworkView({ graph, version, onNodeClick, label }: Props) {
  const [webgl] = useState(hasWebGL);
  const [failed, setFailed] = useState(false);
  if (webgl && !failed) return <SigmaView graph={graph} version={version} onNodeClick={onNodeClick} label={label} onFail={() => setFailed(true)} />;
  return <SvgView graph={graph} version={version} onNodeClick={onNodeClick} label={label} />;
}

function SigmaView({ graph, version, onNodeClick, label, onFail }: Props & { onFail(): void }) {
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const click = useRef(onNodeClick);
  click.current = onNodeClick;
  const fail = useRef(onFail);
  fail.current = onFail;

  useEffect(() => {
    let cancelled = false;
    let s: Sigma<NodeAttrs, EdgeAttrs> | null = null;
    // sigma (WebGL) is loaded with the first drawing, not with the app
    import('sigma')
      .then(({ default: SigmaClass }) => {
        if (cancelled || !container.current) return;
        s = new SigmaClass(graph, container.current, {
          // sizes in screen pixels (sigma 4 defaults to graph units)
          settings: { itemSizesReference: 'screen', labelRenderedSizeThreshold: 6, renderEdgeLabels: false, stagePadding: 24, allowInvalidContainer: true },
        });
        sigma.current = s;
        s.on('clickNode', ({ node }) => click.current(node));
        s.on('enterNode', () => container.current?.classList.add('pointer'));
        s.on('leaveNode', () => container.current?.classList.remove('pointer'));
        container.current.dataset.ready = 'true';
      })
      .catch(() => {
        if (!cancelled) fail.current();
      });
    return () => {
      cancelled = true;
      s?.kill();
      sigma.current = null;
    };
  }, [graph]);

  useEffect(() => {
    sigma.current?.refresh();
  }, [version]);

  return <div ref={container} className="graph-canvas" role="img" aria-label={label} data-renderer="sigma" />;
}

/** Plain SVG drawing of the same graph, for browsers without WebGL. */
function SvgView({ graph, onNodeClick, label }: Props) {
  const nodes: { id: string; x: number; y: number; size: number; color: string; label: string }[] = [];
  graph.forEachNode((id, a) => nodes.push({ id, x: a.x, y: a.y, size: a.size, color: a.color, label: a.label }));
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const minX = Math.min(...xs, 0);
  const maxX = Math.max(...xs, 1);
  const minY = Math.min(...ys, 0);
  const maxY = Math.max(...ys, 1);
  const W = 800;
  const H = 480;
  const pad = 40;
  const sx = (x: number) => pad + ((x - minX) / (maxX - minX || 1)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - ((y - minY) / (maxY - minY || 1)) * (H - 2 * pad);
  const edges: { key: string; x1: number; y1: number; x2: number; y2: number; color: string; size: number }[] = [];
  graph.forEachEdge((key, a, s, t) => {
    const sa = graph.getNodeAttributes(s);
    const ta = graph.getNodeAttributes(t);
    edges.push({ key, x1: sx(sa.x), y1: sy(sa.y), x2: sx(ta.x), y2: sy(ta.y), color: a.color, size: a.size });
  });
  return (
    <svg className="graph-canvas" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-renderer="svg">
      {edges.map((e) => (
        <line key={e.key} x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} stroke={e.color} strokeWidth={e.size} strokeOpacity={0.7} />
      ))}
      {nodes.map((n) => (
        <g key={n.id} transform={`translate(${sx(n.x)},${sy(n.y)})`} onClick={() => onNodeClick(n.id)} className="pointer">
          <circle r={n.size / 1.5} fill={n.color} stroke="#fff" strokeWidth={1.5} />
          <text x={n.size / 1.5 + 3} y={4} fontSize={12} fill="#212529">
            {n.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
