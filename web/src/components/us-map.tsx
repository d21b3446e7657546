import { geoAlbersUsa, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import statesUrl from 'us-atlas/states-albers-10m.json?url';
import { US_STATE_NAMES } from '../us-states.js';

/** A point to draw: at its coordinates, else at the centre of its state (and said so). */
export interface MapPoint {
  id: string;
  label: string;
  lat?: number | undefined;
  lon?: number | undefined;
  state?: string | undefined;
  /** Size; undefined when not reported (drawn as a ring of fixed size). */
  mw: number | undefined;
  status: string;
}

// us-atlas' Albers file is pre-projected to 975×610 with this projection, so coordinates match it.
const projection = geoAlbersUsa().scale(1300).translate([487.5, 305]);
const path = geoPath();

interface StateShape {
  name: string;
  d: string;
  centroid: [number, number];
}

/**
 * The United States from the bundled us-atlas shapes (no tile server: it works offline), with the
 * points sized by MW (area ∝ MW) and coloured by status. Decorative to screen readers: the table
 * beside it carries the same facts.
 */
export function UsMap(props: { points: readonly MapPoint[]; onSelect: (id: string) => void }) {
  const [topology, setTopology] = useState<Topology | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch(statesUrl)
      .then((r) => r.json() as Promise<Topology>)
      .then(setTopology, () => setFailed(true));
  }, []);
  const states = useMemo<StateShape[]>(() => {
    if (!topology) return [];
    const collection = feature(
      topology,
      topology.objects.states as GeometryCollection<{ name: string }>,
    );
    return collection.features.map((f) => ({
      name: f.properties.name,
      d: path(f) ?? '',
      centroid: path.centroid(f) as [number, number],
    }));
  }, [topology]);
  if (failed)
    return (
      <p className="problem">The map shapes could not be loaded; the table below has every site.</p>
    );
  const maxMw = Math.max(1, ...props.points.map((p) => p.mw ?? 0));
  const placed = props.points.flatMap((p) => {
    const xy =
      p.lat !== undefined && p.lon !== undefined
        ? projection([p.lon, p.lat])
        : states.find((s) => s.name === US_STATE_NAMES[p.state ?? ''])?.centroid;
    return xy ? [{ ...p, x: xy[0], y: xy[1] }] : [];
  });
  return (
    <svg
      viewBox="0 0 975 610"
      className="us-map"
      role="img"
      aria-label={`Map of the United States with ${placed.length} site(s); the table below lists them.`}
    >
      <g className="states">
        {states.map((s) => (
          <path key={s.name} d={s.d}>
            <title>{s.name}</title>
          </path>
        ))}
      </g>
      {placed.map((p) => {
        const r = p.mw === undefined ? 9 : 6 + 34 * Math.sqrt(p.mw / maxMw);
        return (
          <a
            key={p.id}
            href={`#${p.id}`}
            className={`point status-${p.status} ${p.mw === undefined ? 'unsized' : ''}`}
            aria-label={`${p.label}: ${p.mw === undefined ? 'size not reported' : `${p.mw} MW`}, ${p.status}`}
            onClick={(e) => {
              e.preventDefault();
              props.onSelect(p.id);
            }}
          >
            <g transform={`translate(${p.x},${p.y})`}>
              <circle r={r} />
              <text y={-r - 4} textAnchor="middle">
                {p.label}
              </text>
            </g>
          </a>
        );
      })}
    </svg>
  );
}
