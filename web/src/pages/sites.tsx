import { useContext } from 'react';
import type { SubjectState } from '../../../src/ledger/subject-state.js';
import { queryString } from '../api.js';
import { EvidenceContext, SubjectLink } from '../components/evidence.js';
import { Problem } from '../components/problem.js';
import { UsMap, type MapPoint } from '../components/us-map.js';
import { ViewControls } from '../components/view-controls.js';
import { formatDay, formatMw } from '../format.js';
import { useApi } from '../use-api.js';
import { useViewPoint } from '../view-point.js';
import { useProgramStart } from '../program-start.js';

const STATUSES = [
  'announced',
  'planned',
  'site-secured',
  'permitted',
  'under-construction',
  'energized',
  'operational',
  'cancelled',
  'site',
] as const;

const value = (s: SubjectState, field: string): unknown => s.fields[field]?.value;
const text = (s: SubjectState, field: string): string | undefined => {
  const v = value(s, field);
  return typeof v === 'string' ? v : undefined;
};
const number = (s: SubjectState, field: string): number | undefined => {
  const v = value(s, field);
  return typeof v === 'number' ? v : undefined;
};

/** Sites: the map of sites and facilities, the table of the same, and contracts with no site. */
export default function SitesPage() {
  const view = useViewPoint();
  const start = useProgramStart();
  const open = useContext(EvidenceContext);
  const { data, error } = useApi<SubjectState[]>(
    `/api/subjects${queryString({ asOf: view.asOf, knownAt: view.knownAt, kind: 'site,facility,contract' })}`,
  );
  const sites = new Map((data ?? []).filter((s) => s.kind === 'site').map((s) => [s.id, s]));
  const facilities = (data ?? []).filter((s) => s.kind === 'facility');
  const contracts = (data ?? []).filter((s) => s.kind === 'contract');
  const withFacility = new Set(facilities.map((f) => text(f, 'site')));
  const points: MapPoint[] = [
    ...facilities.map((f) => {
      const site = sites.get(text(f, 'site') ?? '');
      return {
        id: f.id,
        label: text(f, 'name') ?? f.id,
        lat: site && number(site, 'lat'),
        lon: site && number(site, 'lon'),
        state: site && text(site, 'state'),
        mw: number(f, 'capacity_mw'),
        status: text(f, 'status') ?? 'announced',
      };
    }),
    ...[...sites.values()]
      .filter((s) => !withFacility.has(s.id))
      .map((s) => ({
        id: s.id,
        label: text(s, 'name') ?? s.id,
        lat: number(s, 'lat'),
        lon: number(s, 'lon'),
        state: text(s, 'state'),
        mw: undefined,
        status: 'site',
      })),
  ];
  const select = (id: string) => open({ title: id, subjects: [id], records: [] });
  return (
    <>
      <h1>
        Sites{' '}
        <span className="muted">
          as of {formatDay(view.asOf)}, as known at {formatDay(view.knownAt)}
        </span>
      </h1>
      <ViewControls view={view} min={start} showPolicy={false} />
      {error ? <Problem error={error} /> : null}
      {data ? (
        <>
          <section className="card map-card" aria-labelledby="map-title">
            <h2 id="map-title">Where</h2>
            <UsMap points={points} onSelect={select} />
            <ul className="legend" aria-label="Status colours">
              {STATUSES.map((s) => (
                <li key={s}>
                  <span className={`swatch status-${s}`} aria-hidden="true" />{' '}
                  {s === 'site' ? 'site, no facility' : s}
                </li>
              ))}
              <li>
                <span className="swatch ring" aria-hidden="true" /> size not reported
              </li>
            </ul>
            <p className="muted">
              Circle area is proportional to MW. A site without coordinates is drawn at the centre
              of its state.
            </p>
          </section>
          <section className="card" aria-labelledby="facilities-title">
            <h2 id="facilities-title">Sites and facilities</h2>
            <table data-testid="sites-table">
              <thead>
                <tr>
                  <th scope="col">Facility</th>
                  <th scope="col">Site</th>
                  <th scope="col">State · grid</th>
                  <th scope="col">Status</th>
                  <th scope="col">MW</th>
                  <th scope="col">Venture a party</th>
                  <th scope="col">Claimed for</th>
                </tr>
              </thead>
              <tbody>
                {facilities.map((f) => {
                  const site = sites.get(text(f, 'site') ?? '');
                  const mw = number(f, 'capacity_mw');
                  return (
                    <tr key={f.id}>
                      <th scope="row">
                        <SubjectLink id={f.id}>{text(f, 'name') ?? f.id}</SubjectLink>
                      </th>
                      <td>
                        {site ? (
                          <SubjectLink id={site.id}>{text(site, 'name') ?? site.id}</SubjectLink>
                        ) : (
                          '–'
                        )}
                      </td>
                      <td>
                        {(site && text(site, 'state')) ?? '–'} ·{' '}
                        {(site && text(site, 'grid_region')) ?? '–'}
                      </td>
                      <td>
                        <span
                          className={`swatch status-${text(f, 'status') ?? ''}`}
                          aria-hidden="true"
                        />{' '}
                        {text(f, 'status')}
                      </td>
                      <td>{mw === undefined ? 'not reported' : formatMw(mw)}</td>
                      <td>{value(f, 'venture_party') === true ? 'yes' : 'no'}</td>
                      <td>{text(f, 'claimed_for') ?? '–'}</td>
                    </tr>
                  );
                })}
                {[...sites.values()]
                  .filter((s) => !withFacility.has(s.id))
                  .map((s) => (
                    <tr key={s.id}>
                      <th scope="row">–</th>
                      <td>
                        <SubjectLink id={s.id}>{text(s, 'name') ?? s.id}</SubjectLink>
                      </td>
                      <td>
                        {text(s, 'state') ?? '–'} · {text(s, 'grid_region') ?? '–'}
                      </td>
                      <td colSpan={4}>site with no facility recorded</td>
                    </tr>
                  ))}
                {facilities.length === 0 && sites.size === 0 ? (
                  <tr>
                    <td colSpan={7}>No site is known at this date.</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="contracts-title">
            <h2 id="contracts-title">Contracts</h2>
            <p className="muted">
              Capacity contracted without a site in the ledger does not appear on the map.
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Contract</th>
                  <th scope="col">Buyer → providers</th>
                  <th scope="col">MW</th>
                  <th scope="col">Signed</th>
                  <th scope="col">Venture a party</th>
                  <th scope="col">Claimed for</th>
                </tr>
              </thead>
              <tbody>
                {contracts.map((c) => {
                  const mw = number(c, 'capacity_mw');
                  const providers = value(c, 'providers');
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        <SubjectLink id={c.id} />
                      </th>
                      <td>
                        {text(c, 'buyer')} → {Array.isArray(providers) ? providers.join(', ') : '–'}
                      </td>
                      <td>{mw === undefined ? 'not reported' : formatMw(mw)}</td>
                      <td>{c.created.validText}</td>
                      <td>{value(c, 'venture_party') === true ? 'yes' : 'no'}</td>
                      <td>{text(c, 'claimed_for') ?? '–'}</td>
                    </tr>
                  );
                })}
                {contracts.length === 0 ? (
                  <tr>
                    <td colSpan={6}>No contract is known at this date.</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
