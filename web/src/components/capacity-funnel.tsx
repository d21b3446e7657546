import type { StatusView } from '../../../src/app/ledger-status.js';
import { formatMw } from '../format.js';
import { EvidenceButton } from './evidence.js';

const STAGES = [
  ['announced', 'Announced'],
  ['contracted', 'Contracted'],
  ['underConstruction', 'Under construction'],
  ['operational', 'Operational'],
] as const;

/**
 * The capacity funnel under both policies side by side: the venture's own bar against what partners
 * claim for it. Bars are scaled to the capacity target, so "4.5 of 10 GW" reads at a glance; the
 * table underneath is the chart's text alternative (and every figure opens its records).
 */
export function CapacityFunnel(props: {
  venture: StatusView;
  claimed: StatusView;
  targetMw: number | undefined;
}) {
  const { venture, claimed } = props;
  const max = Math.max(
    props.targetMw ?? 0,
    ...STAGES.map(([key]) => claimed.capacityMw[key]),
    ...STAGES.map(([key]) => venture.capacityMw[key]),
    1,
  );
  const width = 100;
  const summary = STAGES.map(
    ([key, label]) =>
      `${label}: venture ${formatMw(venture.capacityMw[key])}, claimed ${formatMw(claimed.capacityMw[key])}`,
  ).join('; ');
  return (
    <section className="card funnel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Capacity funnel</h2>
      <p className="muted">
        MW at each stage (cumulative), scaled to{' '}
        {props.targetMw ? formatMw(props.targetMw) : 'the largest figure'}.
      </p>
      <svg
        viewBox={`0 0 ${width} ${STAGES.length * 14}`}
        role="img"
        aria-label={`Capacity funnel. ${summary}.`}
        className="funnel-chart"
        preserveAspectRatio="none"
      >
        {STAGES.map(([key], i) => {
          const y = i * 14;
          const v = (venture.capacityMw[key] / max) * width;
          const c = (claimed.capacityMw[key] / max) * width;
          return (
            <g key={key}>
              <rect x={0} y={y + 1} width={width} height={11} className="track" />
              <rect x={0} y={y + 1} width={c} height={5} className="bar claimed" />
              <rect x={0} y={y + 7} width={v} height={5} className="bar venture" />
            </g>
          );
        })}
      </svg>
      <table className="funnel-table">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">
              <span className="swatch venture" aria-hidden="true" /> Venture
            </th>
            <th scope="col">
              <span className="swatch claimed" aria-hidden="true" /> Claimed
            </th>
          </tr>
        </thead>
        <tbody>
          {STAGES.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              {(
                [
                  ['venture', venture],
                  ['claimed', claimed],
                ] as const
              ).map(([policy, view]) => {
                const figure = view.capacityFunnel[key];
                return (
                  <td key={policy} data-testid={`funnel-${key}-${policy}`}>
                    <EvidenceButton
                      evidence={{
                        title: `${label} capacity, ${policy} policy: ${formatMw(view.capacityMw[key])}`,
                        subjects: figure?.subjects ?? [],
                        records: figure?.records ?? [],
                      }}
                    >
                      {formatMw(view.capacityMw[key])}
                    </EvidenceButton>
                    {figure && figure.unknown > 0 ? (
                      <span className="muted" title="items counted whose size is not reported">
                        {' '}
                        +{figure.unknown}?
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
