// First: zod must not probe for eval under the page's CSP (see the module).
import '../shared/protocol/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from './i18n/setup';
import { startSession, readPageParams, type Session } from './app/session';
import { createMeshStore } from './store/mesh-store';
import { App } from './ui/App';
import { StageView } from './stage/StageView';
import './ui/styles.css';

// Before anything renders: the first paint is already in the reader's language.
const language = setupI18n();
const params = readPageParams(window.location.search);
const store = createMeshStore(params.room);
for (const problem of params.problems) store.getState().addProblem(problem);

const session: Promise<Session | null> = startSession(store, params);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {new URLSearchParams(window.location.search).get('view') === 'stage' ? (
      <StageView store={store} session={session} />
    ) : (
      <App store={store} session={session} language={language} />
    )}
  </StrictMode>,
);
