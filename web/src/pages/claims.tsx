import type { ClaimsView } from '../../../src/app/ledger-claims.js';
import { queryString } from '../api.js';
import { EvidenceButton, SubjectLink } from '../components/evidence.js';
import { Problem } from '../components/problem.js';
import { formatBasis, formatDay } from '../format.js';
import { useQueryParam } from '../router.js';
import { useApi } from '../use-api.js';
import { today } from '../view-point.js';

const KNOWLEDGE_LABEL: Record<string, string> = { 'on-the-day': 'on the day', now: 'now' };

/** Claims: each statement with its quote, speaker and date, and its verdicts per policy, then and now. */
export default function ClaimsPage() {
  const [knownAt, setKnownAt] = useQueryParam('knownAt');
  const now = knownAt ?? today();
  const { data, error } = useApi<ClaimsView>(`/api/claims${queryString({ knownAt })}`);
  return (
    <>
      <h1>
        Claims{' '}
        <span className="muted">
          checked on the day they were made, and as known{' '}
          {knownAt ? `at ${formatDay(now)}` : 'today'}
        </span>
      </h1>
      <p className="controls">
        <label htmlFor="claims-now">“Now” is</label>{' '}
        <input
          id="claims-now"
          type="date"
          value={now}
          onChange={(e) => setKnownAt(e.target.value === '' ? undefined : e.target.value)}
        />
      </p>
      {error ? <Problem error={error} /> : null}
      {data ? (
        <>
          <div className="cards claims">
            {data.claims.map((c) => {
              const item = c.itemReviewed;
              return (
                <article
                  key={c.identifier}
                  className="card claim"
                  data-testid={`claim-${c.identifier}`}
                >
                  <blockquote>
                    <p lang={item.inLanguage} className="original">
                      “{item.text}”
                    </p>
                    {item.rendering ? <p className="rendering">“{item.rendering}”</p> : null}
                    <footer>
                      —{' '}
                      {item.author.map((a, i) => (
                        <span key={a.identifier}>
                          {i > 0 ? ' with ' : ''}
                          <SubjectLink id={a.identifier}>{a.name}</SubjectLink>
                          {a.affiliation ? <span className="muted"> ({a.affiliation})</span> : null}
                        </span>
                      ))}
                      , <time dateTime={item.datePublished}>{item.dateText}</time>
                      {item.setting ? <span className="muted"> · {item.setting}</span> : null}
                    </footer>
                  </blockquote>
                  <p className="muted">
                    Reported by{' '}
                    <SubjectLink id={item.appearance.identifier}>
                      {item.appearance.publisher ?? item.appearance.identifier}
                    </SubjectLink>{' '}
                    ({item.appearance.datePublished ?? '?'}) · reading:{' '}
                    <SubjectLink id={c.identifier}>{formatBasis(c.basis)}</SubjectLink>
                  </p>
                  <table className="verdicts" aria-label={`Verdicts on ${c.identifier}`}>
                    <thead>
                      <tr>
                        <th scope="col">Policy</th>
                        <th scope="col">Known</th>
                        <th scope="col">Verdict</th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.reviews.map((r) => (
                        <tr key={`${r.policy}-${r.knowledge}`}>
                          <td>{r.policy}</td>
                          <td>
                            {KNOWLEDGE_LABEL[r.knowledge]}{' '}
                            <span className="muted">({r.knownAt})</span>
                          </td>
                          <td>
                            <EvidenceButton
                              className={`verdict ${r.reviewRating.alternateName}`}
                              evidence={{
                                title: `${c.identifier}: ${r.reviewRating.alternateName} (${r.policy}, ${KNOWLEDGE_LABEL[r.knowledge]})`,
                                subjects: r.evidence.subjects,
                                records: r.evidence.records,
                                note: r.reviewRating.ratingExplanation,
                              }}
                            >
                              {r.reviewRating.alternateName}
                            </EvidenceButton>
                          </td>
                          <td className="why">{r.reviewRating.ratingExplanation}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </article>
              );
            })}
          </div>
          <section className="card" aria-labelledby="saydo-title">
            <h2 id="saydo-title">Say–do gap (verdicts on the day)</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">Claims</th>
                  <th scope="col">Venture</th>
                  <th scope="col">Claimed</th>
                </tr>
              </thead>
              <tbody>
                {[data.sayDo.program, ...data.sayDo.parties].map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{p.claims.length}</td>
                    {(['venture', 'claimed'] as const).map((policy) => (
                      <td key={policy}>
                        {Object.entries(p.ratings[policy] ?? {})
                          .filter(([, count]) => count > 0)
                          .map(([verdict, count]) => `${verdict} ${count}`)
                          .join(', ') || '–'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
