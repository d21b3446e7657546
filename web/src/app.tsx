import { lazy, Suspense, useCallback, useState, type ComponentType } from 'react';
import { EvidenceContext, type Evidence } from './components/evidence.js';
import { RecordDrawer } from './components/record-drawer.js';
import { OverviewPage } from './pages/overview.js';
import { navigate, useLocation } from './router.js';

interface Page {
  path: string;
  title: string;
  component: ComponentType;
}

// The overview is the landing page and ships in the entry chunk; the others load on first visit.
const PAGES: Page[] = [
  { path: '/', title: 'Overview', component: OverviewPage },
  { path: '/sites', title: 'Sites', component: lazy(() => import('./pages/sites.js')) },
  {
    path: '/governance',
    title: 'Governance',
    component: lazy(() => import('./pages/governance.js')),
  },
  { path: '/claims', title: 'Claims', component: lazy(() => import('./pages/claims.js')) },
  { path: '/plan', title: 'Plan', component: lazy(() => import('./pages/plan.js')) },
  { path: '/risk', title: 'Risk', component: lazy(() => import('./pages/risk.js')) },
  { path: '/ledger', title: 'Ledger', component: lazy(() => import('./pages/ledger.js')) },
];

/** Keep the view (dates, policy) when moving between pages. */
function hrefOf(path: string, search: string): string {
  const params = new URLSearchParams(search);
  const keep = new URLSearchParams();
  for (const key of ['knownAt', 'asOf', 'policy']) {
    const value = params.get(key);
    if (value !== null) keep.set(key, value);
  }
  const query = keep.toString();
  return `${path}${query === '' ? '' : `?${query}`}`;
}

export function App() {
  const { path, search } = useLocation();
  const [evidence, setEvidence] = useState<Evidence | undefined>();
  const close = useCallback(() => setEvidence(undefined), []);
  const page = PAGES.find((p) => p.path === path);
  const Current = page?.component;
  return (
    <EvidenceContext.Provider value={setEvidence}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◎
          </span>{' '}
          Stargate <span className="muted">· what was promised, what is real, what blocks it</span>
        </div>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a
              key={p.path}
              href={hrefOf(p.path, search)}
              aria-current={p.path === path ? 'page' : undefined}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                navigate(hrefOf(p.path, search));
              }}
            >
              {p.title}
            </a>
          ))}
          <a href="/docs">API</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {Current ? (
          <Suspense fallback={<p className="muted">Loading {page.title}…</p>}>
            <Current />
          </Suspense>
        ) : (
          <div role="alert" className="problem">
            There is no page at {path}. <a href="/">Go to the overview.</a>
          </div>
        )}
      </main>
      <footer className="muted">
        Every figure is a button: it opens the records and sources behind it. Data: a sourced,
        bitemporal ledger (<a href="/docs">API</a> · <a href="/openapi.json">OpenAPI</a>).
      </footer>
      {evidence ? <RecordDrawer evidence={evidence} onClose={close} /> : null}
    </EvidenceContext.Provider>
  );
}
